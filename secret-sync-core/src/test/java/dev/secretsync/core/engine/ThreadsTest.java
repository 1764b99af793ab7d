package dev.secretsync.core.engine;

import dev.secretsync.core.SourceRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.secretsync.core.testing.InMemorySink;
import dev.secretsync.core.testing.InMemorySource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The engine on its own real threads. */
class ThreadsTest {

    @Test
    void closeLeavesNoLiveThreads() {
        InMemorySource source = new InMemorySource();
        InMemorySink sink = new InMemorySink();
        SourceRef ref = SourceRef.current("default", "db");
        source.put(ref, "x", "v1");
        SyncEngine engine = SyncEngine.builder(source).refreshInterval(Duration.ofMillis(200)).build();
        engine.upsert(Binding.builder("b").sink(sink).source(ref).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> "x".equals(sink.text("b", "db")));
        await().atMost(Duration.ofSeconds(10)).until(() -> source.calls(ref) >= 2); // periodic refresh ran
        assertThat(engineThreads()).isPositive();

        engine.close();

        assertThat(engineThreads()).isZero();
    }

    /**
     * A binding registered while its secret's first fetch is completing (the value is already in the
     * cache, the engine has not handled it yet) must not leave the bindings that were waiting for
     * that fetch unsynced. The race needs real threads; each round opens the window on purpose: the
     * test thread registers the second binding the moment the value shows, while the fetch thread
     * is still finishing. The interval is an hour, so no later refresh could hide a miss.
     */
    @Test
    void aBindingRegisteredAsTheFirstFetchCompletesLeavesNoWaitingBindingBehind() {
        InMemorySource source = new InMemorySource();
        InMemorySink sink = new InMemorySink();
        try (SyncEngine engine = SyncEngine.builder(source).refreshInterval(Duration.ofHours(1)).build()) {
            for (int round = 0; round < 200; round++) {
                SourceRef ref = SourceRef.current("default", "s" + round);
                source.put(ref, "x", "v1");
                engine.upsert(Binding.builder("first-" + round).sink(sink).source(ref).build());
                while (engine.cached(ref).isEmpty()) {
                    Thread.onSpinWait();
                }
                engine.upsert(Binding.builder("second-" + round).sink(sink).source(ref).build());
                String first = "first-" + round;
                String second = "second-" + round;
                await("round " + round).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                        .until(() -> sink.get(first).isPresent() && sink.get(second).isPresent());
            }
        }
    }

    static long engineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("secret-sync-"))
                .count();
    }
}
