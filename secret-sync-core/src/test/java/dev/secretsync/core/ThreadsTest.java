package dev.secretsync.core;

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

    static long engineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("secret-sync-"))
                .count();
    }
}
