package dev.secretsync.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.RateLimitPolicy;
import dev.secretsync.core.RetryPolicy;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.testing.FakeClock;
import dev.secretsync.core.testing.InMemorySource;
import dev.secretsync.core.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FetcherTest {

    final FakeClock clock = new FakeClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final InMemorySource source = new InMemorySource();
    final List<SyncEvent> events = new ArrayList<>();

    Fetcher fetcher(RateLimitPolicy rate) {
        return new Fetcher(source, clock, scheduler, scheduler, RetryPolicy.ofDefaults(), store -> rate, () -> 0.5,
                events::add);
    }

    @Test
    void highPriorityWorkIsServedBeforeABacklogOfPeriodicRefreshes() {
        Fetcher fetcher = fetcher(RateLimitPolicy.perSecond(1).withBurst(1));
        List<SourceRef> backlog = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            SourceRef ref = SourceRef.current("default", "s" + i);
            backlog.add(ref);
            source.put(ref, "v", "v1");
            fetcher.refresh(ref, Priority.NORMAL, Duration.ofMinutes(2));
        }
        SourceRef fresh = SourceRef.current("default", "new-app");
        source.put(fresh, "hello", "v1");
        scheduler.advance(Duration.ofSeconds(2));
        int servedBefore = source.totalCalls();

        CompletableFuture<FetchResult> result = fetcher.refresh(fresh, Priority.HIGH, Duration.ofMinutes(2));
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(result).isCompleted();
        assertThat(result.join().value().asString()).isEqualTo("hello");
        assertThat(source.totalCalls()).isEqualTo(servedBefore + 1);
        assertThat(fetcher.waiting()).isGreaterThan(20);
    }

    @Test
    void aFailedRefreshKeepsTheLastGoodValue() {
        SourceRef ref = SourceRef.current("default", "db");
        source.put(ref, "good", "v1");
        Fetcher fetcher = fetcher(RateLimitPolicy.perSecond(100));
        fetcher.refresh(ref, Priority.HIGH, Duration.ofMinutes(1));
        scheduler.runDue();
        source.failNext(ref, FailureKind.DENIED);
        CompletableFuture<FetchResult> failed = fetcher.refresh(ref, Priority.NORMAL, Duration.ofMinutes(1));
        scheduler.runDue();

        FetchResult result = failed.join();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error().kind()).isEqualTo(FailureKind.DENIED);
        assertThat(result.value().asString()).isEqualTo("good");
        assertThat(fetcher.current(ref)).get().extracting(FetchResult::consecutiveFailures).isEqualTo(1);
    }

    @Test
    void aSourceBugIsReportedAsRetryableWithoutItsMessage() {
        SourceRef ref = SourceRef.current("default", "db");
        Fetcher fetcher = new Fetcher(r -> {
            throw new IllegalStateException("CANARY-in-exception");
        }, clock, scheduler, scheduler, RetryPolicy.none(), store -> RateLimitPolicy.perSecond(10), () -> 0.5, events::add);
        CompletableFuture<FetchResult> result = fetcher.refresh(ref, Priority.HIGH, Duration.ofMinutes(1));
        scheduler.runDue();

        assertThat(result.join().error().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(result.join().error().getMessage()).contains("IllegalStateException").doesNotContain("CANARY");
    }
}
