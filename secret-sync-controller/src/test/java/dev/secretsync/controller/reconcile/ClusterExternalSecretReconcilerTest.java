package dev.secretsync.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fan-out from the informer caches it is given, without an API server. */
class ClusterExternalSecretReconcilerTest {

    static final WorkKey KEY = new WorkKey(WorkKey.Kind.CLUSTER_EXTERNAL_SECRET, null, "shared-db");

    final MapStore<ClusterExternalSecret> clusterExternalSecrets = new MapStore<>();
    final MapStore<ExternalSecret> externalSecrets = new MapStore<>();
    final MapStore<Namespace> namespaces = new MapStore<>();
    final RecordingKubeApi api = new RecordingKubeApi();
    final ClusterExternalSecretReconciler reconciler = new ClusterExternalSecretReconciler(api,
            new Caches(externalSecrets, new MapStore<SecretStore>(), new MapStore<ClusterSecretStore>(),
                    clusterExternalSecrets, new MapStore<Secret>(), namespaces),
            ControllerSettings.builder().excludeNamespaces(java.util.Set.of("kube-system")).build(),
            Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));

    void namespace(String name, String team) {
        namespaces.put(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(Map.of("team", team))
                .endMetadata().build());
    }

    ExternalSecret child(String namespace, String owner) {
        ExternalSecret es = RecordingKubeApi.SERIALIZATION.unmarshal("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: db, namespace: %s}
                spec:
                  data: [{key: db}]
                """.formatted(namespace), ExternalSecret.class);
        if (owner != null) {
            es.getMetadata().setLabels(Map.of(Metadata.CLUSTER_EXTERNAL_SECRET_LABEL, owner));
        }
        return es;
    }

    @Test
    void onePerSelectedNamespaceTheOthersRemovedAndAForeignOneReported() {
        clusterExternalSecrets.put(RecordingKubeApi.SERIALIZATION.unmarshal("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ClusterExternalSecret
                metadata: {name: shared-db, uid: ces-1}
                spec:
                  externalSecretName: db
                  externalSecretSpec:
                    data: [{key: db}]
                  conditions:
                  - namespaceSelector: {matchLabels: {team: a}}
                """, ClusterExternalSecret.class));
        namespace("a1", "a");
        namespace("a2", "a");
        namespace("b1", "b");
        namespace("kube-system", "a");
        externalSecrets.put(child("a2", null)); // someone else's
        externalSecrets.put(child("b1", "shared-db")); // no longer selected

        reconciler.reconcile(KEY);

        assertThat(api.calls).containsExactly("create a1/db", "delete b1/db", "cesStatus shared-db");
        var status = api.cesStatuses.get("shared-db");
        assertThat(status.getProvisionedNamespaces()).containsExactly("a1");
        assertThat(status.getFailedNamespaces()).singleElement().satisfies(f -> {
            assertThat(f.getNamespace()).isEqualTo("a2");
            assertThat(f.getReason()).isEqualTo("ExternalSecret db exists and is not managed by this ClusterExternalSecret");
        });
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("ProvisioningFailed");
    }

    @Test
    void aDeletedClusterExternalSecretTakesItsChildrenWithIt() {
        externalSecrets.put(child("a1", "shared-db"));
        externalSecrets.put(child("a2", "other"));
        reconciler.reconcile(KEY);
        assertThat(api.calls).containsExactly("delete a1/db");
    }
}
