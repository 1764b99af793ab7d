package dev.secretsync.core;

import dev.secretsync.core.engine.Binding;
import dev.secretsync.core.engine.SyncEngine;
import dev.secretsync.core.spi.TransformException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.testing.FakeClock;
import dev.secretsync.core.testing.InMemorySink;
import dev.secretsync.core.testing.InMemorySource;
import dev.secretsync.core.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A canary value goes through every engine path; it must show up only in the sink. */
class CanaryTest {

    static final String CANARY = "CANARY-b41d-secret-value";

    @Test
    void theCanaryNeverAppearsInEventsStatusOrErrors() {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        InMemorySource source = new InMemorySource();
        InMemorySink sink = new InMemorySink();
        List<SyncEvent> events = new ArrayList<>();
        SourceRef ref = SourceRef.current("default", "canary");
        SourceRef other = SourceRef.current("default", "other");
        source.put(ref, "{\"password\":\"" + CANARY + "\"}", "v1");
        source.put(other, CANARY + "-2", "v1");

        SyncEngine engine = SyncEngine.builder(source).clock(clock).scheduler(scheduler).workers(scheduler)
                .refreshInterval(Duration.ofMinutes(1)).listener(events::add).build();
        engine.upsert(Binding.builder("ok").sink(sink).source(ref).build());
        engine.upsert(Binding.builder("bad").sink(sink).source(ref).transform(values -> {
            throw new TransformException("spec.template", "cannot render");
        }).build());
        engine.upsert(Binding.builder("empty").sink(sink).source(other).transform(v -> DesiredState.of(Map.of())).build());
        scheduler.runDue();
        source.put(ref, CANARY + "-rotated", "v2");
        scheduler.advance(Duration.ofMinutes(2));
        source.failNext(ref, FailureKind.THROTTLED, FailureKind.RETRYABLE, FailureKind.DENIED, FailureKind.DENIED);
        sink.failNextWrites(1, true);
        scheduler.advance(Duration.ofMinutes(3));

        assertThat(sink.text("ok", "canary")).contains(CANARY); // it did flow to the sink
        assertThat(events.stream().map(SyncEvent::getClass).distinct().count()).isGreaterThanOrEqualTo(5);
        List<String> rendered = new ArrayList<>();
        events.forEach(e -> rendered.add(e.toString()));
        engine.status(ref).ifPresent(s -> rendered.add(s.toString()));
        engine.cached(ref).ifPresent(v -> rendered.add(v.toString()));
        rendered.add(engine.binding("ok").orElseThrow().toString());
        sink.get("ok").ifPresent(s -> rendered.add(s.toString()));
        assertThat(rendered).allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
        engine.close();
    }
}
