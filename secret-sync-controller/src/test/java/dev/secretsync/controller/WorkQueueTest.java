package dev.secretsync.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    @Test
    void aKeyQueuedWhileWaitingRunsOnceAndWhileRunningRunsAgainNeverConcurrently() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (WorkQueue<String> queue = new WorkQueue<>(4, key -> {
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            seen.add(key);
            if (seen.size() == 1) {
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            concurrent.decrementAndGet();
        })) {
            queue.add("a");
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            queue.add("a"); // while running: once more afterwards
            queue.add("a");
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(queue::idle);
            assertThat(seen).containsExactly("a", "a");
            assertThat(maxConcurrent.get()).isEqualTo(1);
        }
    }

    @Test
    void differentKeysRunOnDifferentWorkersAndDepthCountsWaitingKeys() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (WorkQueue<String> queue = new WorkQueue<>(2, seen::add)) {
            for (int i = 0; i < 50; i++) {
                queue.add("k" + (i % 10));
            }
            await().atMost(Duration.ofSeconds(10)).until(queue::idle);
            assertThat(seen).hasSizeBetween(10, 50).containsAll(List.of("k0", "k5", "k9"));
            assertThat(queue.depth()).isZero();
        }
    }
}
