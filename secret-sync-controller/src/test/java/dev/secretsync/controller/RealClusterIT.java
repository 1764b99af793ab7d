package dev.secretsync.controller;

import dev.secretsync.controller.settings.ControllerSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsStoreConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Against a real cluster and a real KMS; the build runs it only when configured (the controller
 * pom's profile real-cluster, active with {@code SECRET_SYNC_E2E_KUBECONFIG}), and it is skipped
 * unless all of these are set:
 * {@code SECRET_SYNC_E2E_KUBECONFIG} (a kubeconfig file; the build hides {@code KUBECONFIG} from
 * tests on purpose), {@code SECRET_SYNC_E2E_KMS_REGION}, {@code SECRET_SYNC_E2E_ACCESS_KEY_ID},
 * {@code SECRET_SYNC_E2E_ACCESS_KEY_SECRET} and {@code SECRET_SYNC_E2E_SECRET_NAME} (an existing KMS
 * secret the key may read). The CRDs must be installed. Everything runs in a fresh namespace that
 * is deleted afterwards.
 */
class RealClusterIT {

    @Test
    void syncsAKmsSecretIntoARealCluster() throws Exception {
        String kubeconfig = env("SECRET_SYNC_E2E_KUBECONFIG");
        String region = env("SECRET_SYNC_E2E_KMS_REGION");
        String akId = env("SECRET_SYNC_E2E_ACCESS_KEY_ID");
        String akSecret = env("SECRET_SYNC_E2E_ACCESS_KEY_SECRET");
        String secretName = env("SECRET_SYNC_E2E_SECRET_NAME");
        assumeTrue(kubeconfig != null && region != null && akId != null && akSecret != null && secretName != null,
                "real-cluster e2e settings are not present");
        Config config = Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            assumeTrue(client.apiextensions().v1().customResourceDefinitions()
                    .withName("externalsecrets.alibabacloud.com").get() != null, "the CRDs are not installed");
            String ns = "secret-sync-e2e-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            KmsStoreConfig store = KmsStoreConfig.builder().region(region).publicEndpoint(true)
                    .auth(KmsAuth.accessKey(akId, akSecret)).build();
            ControllerSettings settings = ControllerSettings.builder().region(region).leaderElection(false)
                    .pollingInterval(Duration.ofSeconds(30)).watchNamespaces(Set.of(ns)).build();
            try (Controller controller = Controller.create(client, settings, store, new SimpleMeterRegistry())) {
                controller.start();
                ExternalSecret es = Serialization.unmarshal("""
                        apiVersion: alibabacloud.com/v1alpha1
                        kind: ExternalSecret
                        metadata: {name: e2e, namespace: %s}
                        spec:
                          target: {deletionPolicy: Delete}
                          data: [{key: %s, name: value}]
                        """.formatted(ns, secretName), ExternalSecret.class);
                client.resources(ExternalSecret.class).inNamespace(ns).resource(es).create();
                await().atMost(Duration.ofSeconds(60)).until(() -> client.secrets().inNamespace(ns).withName("e2e").get() != null);
                Secret secret = client.secrets().inNamespace(ns).withName("e2e").get();
                assertThat(secret.getData()).containsKey("value");
                await().atMost(Duration.ofSeconds(60)).until(() -> "True/SecretSynced".equals(ControllerHarness
                        .readyReason(client.resources(ExternalSecret.class).inNamespace(ns).withName("e2e").get())));
                client.resources(ExternalSecret.class).inNamespace(ns).withName("e2e").delete();
                await().atMost(Duration.ofSeconds(60)).until(() -> client.secrets().inNamespace(ns).withName("e2e").get() == null);
            } finally {
                client.namespaces().withName(ns).delete();
            }
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }
}
