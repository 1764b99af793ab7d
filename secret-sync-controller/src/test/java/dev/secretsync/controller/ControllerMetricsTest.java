package dev.secretsync.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.SourceRef;
import dev.secretsync.core.SyncDecision;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.spi.FailureKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControllerMetricsTest {

    @Test
    void engineEventsBecomeKmsCallSyncAndErrorCounters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ControllerMetrics metrics = new ControllerMetrics(registry, () -> 3, () -> 12.5, () -> 1);
        SourceRef ref = SourceRef.current("SecretStore/apps/kms", "db");
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        metrics.onEvent(new SyncEvent.SecretFetched(now, ref, "v1", Duration.ofMillis(5), false));
        metrics.onEvent(new SyncEvent.RetryScheduled(now, ref, 1, Duration.ofSeconds(1), FailureKind.THROTTLED));
        metrics.onEvent(new SyncEvent.FetchFailed(now, ref, FailureKind.NOT_FOUND, "Forbidden.ResourceNotFound",
                "not found", 1, null));
        metrics.onEvent(new SyncEvent.TargetWritten(now, "ExternalSecret/apps/db", "apps/db", Set.of("password")));
        metrics.onEvent(new SyncEvent.TargetUnchanged(now, "ExternalSecret/apps/db", "apps/db", new SyncDecision.NoChange()));
        metrics.onEvent(new SyncEvent.WriteFailed(now, "ExternalSecret/apps/db", "apps/db", "HTTP 403", false));
        metrics.recordReconcile("ExternalSecret", Duration.ofMillis(3));

        assertThat(registry.get(ControllerMetrics.KMS_CALLS).tags("store", "SecretStore/apps/kms", "call",
                "GetSecretValue", "status", "success").counter().count()).isEqualTo(1);
        assertThat(registry.get(ControllerMetrics.KMS_CALLS).tags("status", "throttled").counter().count()).isEqualTo(1);
        assertThat(registry.get(ControllerMetrics.KMS_CALLS).tags("status", "not_found").counter().count()).isEqualTo(1);
        assertThat(registry.get(ControllerMetrics.SYNC_CALLS).tags("result", "written").counter().count()).isEqualTo(1);
        assertThat(registry.get(ControllerMetrics.SYNC_CALLS).tags("result", "unchanged").counter().count()).isEqualTo(1);
        assertThat(registry.get(ControllerMetrics.SYNC_ERRORS).tags("stage", "fetch").counter().count()).isEqualTo(1);
        assertThat(registry.get(ControllerMetrics.SYNC_ERRORS).tags("stage", "write").counter().count()).isEqualTo(1);
        assertThat(registry.get(ControllerMetrics.RECONCILE).timer().count()).isEqualTo(1);
        assertThat(registry.get(ControllerMetrics.QUEUE_DEPTH).gauge().value()).isEqualTo(3);
        assertThat(registry.get(ControllerMetrics.STALENESS).gauge().value()).isEqualTo(12.5);
    }
}
