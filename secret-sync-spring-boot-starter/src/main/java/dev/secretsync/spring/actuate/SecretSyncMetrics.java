package dev.secretsync.spring.actuate;

import dev.secretsync.core.SourceRef;
import dev.secretsync.core.embedded.SecretStatus;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.event.SyncListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Micrometer meters, tagged by secret name and version selector (never values):
 * <ul>
 *   <li>{@code secretsync.refresh} (counter, tag {@code outcome=success|failure}): fetches;</li>
 *   <li>{@code secretsync.refresh.latency} (timer): fetch time, waits and retries included;</li>
 *   <li>{@code secretsync.refresh.failures} (counter, tag {@code kind}): failed fetches by failure kind;</li>
 *   <li>{@code secretsync.staleness} (gauge, seconds): age of the value served (NaN before the first);</li>
 *   <li>{@code secretsync.stale} (gauge, 0/1): older than the max staleness, or no value.</li>
 * </ul>
 */
public class SecretSyncMetrics implements MeterBinder, SyncListener {

    private final SecretSync sync;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public SecretSyncMetrics(SecretSync sync) {
        this.sync = sync;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (registries.isEmpty()) {
            sync.addEngineListener(this);
        }
        registries.add(registry);
        sync.tracked().forEach(ref -> gauges(registry, ref));
    }

    @Override
    public void onEvent(SyncEvent event) {
        if (event instanceof SyncEvent.SecretFetched fetched) {
            for (MeterRegistry r : registries) {
                ensureGauges(r, fetched.ref());
                Counter.builder("secretsync.refresh").description("Secret fetches").tags(tags(fetched.ref()))
                        .tag("outcome", "success").register(r).increment();
                Timer.builder("secretsync.refresh.latency").description("Secret fetch time, waits and retries included")
                        .tags(tags(fetched.ref())).register(r).record(fetched.latency());
            }
        } else if (event instanceof SyncEvent.FetchFailed failed) {
            for (MeterRegistry r : registries) {
                ensureGauges(r, failed.ref());
                Counter.builder("secretsync.refresh").description("Secret fetches").tags(tags(failed.ref()))
                        .tag("outcome", "failure").register(r).increment();
                Counter.builder("secretsync.refresh.failures").description("Failed secret fetches")
                        .tags(tags(failed.ref())).tag("kind", failed.kind().name()).register(r).increment();
            }
        }
    }

    private void ensureGauges(MeterRegistry registry, SourceRef ref) {
        if (sync.tracked().contains(ref)) {
            gauges(registry, ref);
        }
    }

    private void gauges(MeterRegistry registry, SourceRef ref) {
        if (!gauged.add(System.identityHashCode(registry) + "/" + ref)) {
            return; // registered already (Micrometer would warn about a second registration)
        }
        Gauge.builder("secretsync.staleness", sync, s -> {
            SecretStatus status = s.status(ref);
            return status.staleness() == null ? Double.NaN : status.staleness().toMillis() / 1000.0;
        }).description("Age of the secret value served").baseUnit("seconds").tags(tags(ref)).register(registry);
        Gauge.builder("secretsync.stale", sync, s -> s.status(ref).stale() ? 1 : 0)
                .description("1 when the secret is older than the max staleness or has no value").tags(tags(ref))
                .register(registry);
    }

    static Tags tags(SourceRef ref) {
        String version = ref.versionId() != null ? "id:" + ref.versionId()
                : ref.versionStage() != null ? ref.versionStage() : "current";
        return Tags.of("secret", ref.name(), "store", ref.store(), "version", version);
    }
}
