package dev.secretsync.core.engine;

import dev.secretsync.core.RateLimitPolicy;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.testing.FakeClock;
import dev.secretsync.core.testing.InMemorySink;
import dev.secretsync.core.testing.InMemorySource;
import dev.secretsync.core.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fetch result is visible through {@link SyncEngine#cached} and {@link SyncEngine#status} by the
 * time its events are published and the futures of {@code refreshNow} complete.
 */
class SyncEngineVisibilityTest {

    static final SourceRef DB = SourceRef.current("default", "app-db");

    final FakeClock clock = new FakeClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final InMemorySource source = new InMemorySource();
    final SyncEngine engine = SyncEngine.builder(source)
            .clock(clock).scheduler(scheduler).workers(scheduler)
            .refreshInterval(Duration.ofMinutes(2))
            .rateLimit(RateLimitPolicy.perSecond(1000))
            .random(() -> 0.5)
            .build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aChangeListenerSeesTheNewValueInTheCache() {
        List<String> seen = new CopyOnWriteArrayList<>();
        engine.addListener(event -> {
            if (event instanceof SyncEvent.SecretChanged changed) {
                seen.add(changed.versionId() + "=" + engine.cached(changed.ref()).map(SecretValue::asString).orElse("-"));
            }
        });
        source.put(DB, "one", "v1");
        engine.upsert(Binding.builder("b").sink(new InMemorySink()).source(DB).build());
        scheduler.runDue();

        source.put(DB, "two", "v2");
        engine.refreshNow(DB);
        scheduler.runDue();

        assertThat(seen).containsExactly("v2=two");
    }

    @Test
    void refreshNowCompletesAfterTheCacheHoldsTheResult() {
        source.put(DB, "one", "v1");
        engine.upsert(Binding.builder("b").sink(new InMemorySink()).source(DB).build());
        scheduler.runDue();

        source.put(DB, "two", "v2");
        List<String> seen = new CopyOnWriteArrayList<>();
        engine.refreshNow(DB).thenAccept(status -> seen.add(status.versionId() + "/"
                + engine.cached(DB).flatMap(SecretValue::versionId).orElse("-")));
        scheduler.runDue();

        assertThat(seen).containsExactly("v2/v2");
    }

    @Test
    void aSinkIsWrittenWithTheNewValueAfterARotation() {
        InMemorySink sink = new InMemorySink();
        source.put(DB, "one", "v1");
        engine.upsert(Binding.builder("b").sink(sink).source(DB).build());
        scheduler.runDue();
        source.put(DB, "two", "v2");
        engine.refreshNow(DB);
        scheduler.runDue();
        assertThat(sink.text("b", "app-db")).isEqualTo("two");
    }
}
