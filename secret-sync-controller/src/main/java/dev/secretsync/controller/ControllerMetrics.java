package dev.secretsync.controller;

import dev.secretsync.core.SyncDecision;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.event.SyncListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The controller's meters, fed by the engine's events (never by core itself). Names follow External
 * Secrets Operator's where one exists, prefixed {@code secretsync_}; tags never carry values.
 */
final class ControllerMetrics implements SyncListener {

    static final String KMS_CALLS = "secretsync.provider.api.calls";
    static final String SYNC_CALLS = "secretsync.sync.calls";
    static final String SYNC_ERRORS = "secretsync.sync.calls.error";
    static final String RECONCILE = "secretsync.reconcile.duration";
    static final String STALENESS = "secretsync.secret.staleness";
    static final String QUEUE_DEPTH = "secretsync.workqueue.depth";
    static final String LEADER = "secretsync.leader";

    private final MeterRegistry registry;
    private final Timer reconcile;

    ControllerMetrics(MeterRegistry registry, Supplier<Number> queueDepth, Supplier<Number> maxStalenessSeconds,
                      Supplier<Number> leader) {
        this.registry = registry;
        this.reconcile = Timer.builder(RECONCILE)
                .description("Time to reconcile one resource")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder(QUEUE_DEPTH, queueDepth).description("Resources waiting to be reconciled").register(registry);
        Gauge.builder(STALENESS, maxStalenessSeconds).baseUnit("seconds")
                .description("Age of the oldest secret value still served after failed refreshes")
                .register(registry);
        Gauge.builder(LEADER, leader).description("1 while this instance is the leader").register(registry);
    }

    void recordReconcile(String kind, Duration took) {
        reconcile.record(took);
    }

    @Override
    public void onEvent(SyncEvent event) {
        if (event instanceof SyncEvent.SecretFetched f) {
            kmsCall(f.ref().store(), "success");
        } else if (event instanceof SyncEvent.RetryScheduled r) {
            kmsCall(r.ref().store(), r.kind().name().toLowerCase(Locale.ROOT));
        } else if (event instanceof SyncEvent.FetchFailed f) {
            kmsCall(f.ref().store(), f.kind().name().toLowerCase(Locale.ROOT));
            error("fetch");
        } else if (event instanceof SyncEvent.TargetWritten) {
            sync("written");
        } else if (event instanceof SyncEvent.TargetUnchanged u) {
            sync(u.decision() instanceof SyncDecision.NoChange ? "unchanged" : "kept");
        } else if (event instanceof SyncEvent.WriteFailed) {
            error("write");
        }
    }

    private void kmsCall(String store, String status) {
        Counter.builder(KMS_CALLS).description("KMS API calls by store, call and outcome")
                .tags("provider", "kms", "store", store, "call", "GetSecretValue", "status", status)
                .register(registry).increment();
    }

    private void sync(String result) {
        Counter.builder(SYNC_CALLS).description("Secret syncs by result").tag("result", result)
                .register(registry).increment();
    }

    private void error(String stage) {
        Counter.builder(SYNC_ERRORS).description("Failed syncs by stage").tag("stage", stage)
                .register(registry).increment();
    }
}
