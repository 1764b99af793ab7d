package dev.secretsync.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which ExternalSecret updates reconcile. */
class ReconcileTriggersTest {

    static ExternalSecret es(String target) {
        ExternalSecret es = Serialization.unmarshal("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: db, namespace: apps, uid: u-1, generation: 1, resourceVersion: "5"}
                spec:
                  target: %s
                  data:
                  - {key: db, name: password}
                """.formatted(target), ExternalSecret.class);
        return es;
    }

    static ExternalSecret copy(ExternalSecret es) {
        return Serialization.clone(es);
    }

    @Test
    void aStatusWriteDoesNotReconcileButEverythingAReconcileReadsDoes() {
        ExternalSecret old = es("{}");
        ExternalSecret statusOnly = copy(old);
        statusOnly.getMetadata().setResourceVersion("6");
        statusOnly.setStatus(new ExternalSecretStatus());
        assertThat(ReconcileTriggers.statusOnlyChange(old, statusOnly)).isTrue();

        ExternalSecret spec = copy(old);
        spec.getSpec().getData().get(0).setKey("other");
        assertThat(ReconcileTriggers.statusOnlyChange(old, spec)).as("spec (even if generation did not move)").isFalse();

        ExternalSecret annotated = copy(old);
        annotated.getMetadata().setAnnotations(Map.of("secret-sync.dev/refresh-requested", "1"));
        assertThat(ReconcileTriggers.statusOnlyChange(old, annotated)).as("refresh annotation").isFalse();

        ExternalSecret finalizers = copy(old);
        finalizers.getMetadata().setFinalizers(List.of("someone/else"));
        assertThat(ReconcileTriggers.statusOnlyChange(old, finalizers)).isFalse();

        ExternalSecret deleting = copy(old);
        deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        assertThat(ReconcileTriggers.statusOnlyChange(old, deleting)).isFalse();

        ExternalSecret noGeneration = copy(old);
        noGeneration.getMetadata().setGeneration(null);
        ExternalSecret noGenerationEither = copy(noGeneration);
        assertThat(ReconcileTriggers.statusOnlyChange(noGeneration, noGenerationEither)).as("unknown generation: reconcile")
                .isFalse();
    }
}
