package dev.secretsync.controller;

import dev.secretsync.controller.settings.ControllerSettings;
import static dev.secretsync.controller.ControllerHarness.data;
import static dev.secretsync.controller.ControllerHarness.get;
import static dev.secretsync.controller.ControllerHarness.namespace;
import static dev.secretsync.controller.ControllerHarness.readyReason;
import static dev.secretsync.controller.ControllerHarness.settings;
import static dev.secretsync.controller.ControllerHarness.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ClusterAndHighAvailabilityIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static KubernetesClient client;
    static KmsEmulator kms;

    @BeforeAll
    static void startKms() {
        kms = KmsEmulator.builder().accessKey(ControllerHarness.AK, ControllerHarness.SK)
                .accessKey("store-ak", "CANARY-7f3a9c-store-sk").build().start();
    }

    @AfterAll
    static void stopKms() {
        kms.close();
    }

    @Test
    @SuppressWarnings("try") // the controller only has to run
    void clusterExternalSecretFansOutAndRemoves() {
        namespace(client, "ces-a", Map.of("team", "a"));
        namespace(client, "ces-b", Map.of("team", "b"));
        namespace(client, "ces-c", Map.of("team", "a"));
        kms.createSecret("ces-token", "v1", "shared");
        ControllerHarness.apply(client, """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: fan-es, namespace: ces-c}
                spec:
                  data: [{key: ces-token, name: mine}]
                """);
        try (Controller controller = start(client, kms, settings("ces-a", "ces-b", "ces-c").build())) {
            ClusterExternalSecret ces = Serialization.unmarshal("""
                    apiVersion: alibabacloud.com/v1alpha1
                    kind: ClusterExternalSecret
                    metadata: {name: fan}
                    spec:
                      externalSecretName: fan-es
                      conditions:
                      - namespaceSelector: {matchLabels: {team: a}}
                      externalSecretSpec:
                        data: [{key: ces-token, name: token}]
                    """, ClusterExternalSecret.class);
            client.resources(ClusterExternalSecret.class).resource(ces).create();
            await().atMost(WAIT).until(() -> "shared".equals(data(client.secrets().inNamespace("ces-a")
                    .withName("fan-es").get(), "token")));
            assertThat(get(client, "ces-b", "fan-es")).isNull();
            await().atMost(WAIT).until(() -> status("fan") != null && List.of("ces-a").equals(status("fan")));
            ClusterExternalSecret withStatus = client.resources(ClusterExternalSecret.class).withName("fan").get();
            assertThat(withStatus.getStatus().getFailedNamespaces()).singleElement()
                    .satisfies(f -> assertThat(f.getNamespace()).isEqualTo("ces-c"));
            assertThat(withStatus.getStatus().getExternalSecretName()).isEqualTo("fan-es");
            assertThat(get(client, "ces-c", "fan-es").getSpec().getData().get(0).getName()).as("not taken over")
                    .isEqualTo("mine");

            namespace(client, "ces-b", Map.of("team", "a"));
            await().atMost(WAIT).until(() -> get(client, "ces-b", "fan-es") != null);
            await().atMost(WAIT).until(() -> List.of("ces-a", "ces-b").equals(status("fan")));

            namespace(client, "ces-a", Map.of("team", "c"));
            await().atMost(WAIT).until(() -> get(client, "ces-a", "fan-es") == null);
            await().atMost(WAIT).until(() -> List.of("ces-b").equals(status("fan")));

            client.resources(ClusterExternalSecret.class).withName("fan").delete();
            await().atMost(WAIT).until(() -> get(client, "ces-b", "fan-es") == null);
            assertThat(get(client, "ces-c", "fan-es")).as("not its child").isNotNull();
        }
    }

    List<String> status(String name) {
        ClusterExternalSecret ces = client.resources(ClusterExternalSecret.class).withName(name).get();
        return ces == null || ces.getStatus() == null ? null : ces.getStatus().getProvisionedNamespaces();
    }

    @Test
    @SuppressWarnings("try") // the controller only has to run
    void secretStoreWithAccessKeyFromASecretAndStoreStatus() {
        namespace(client, "store-ns", Map.of());
        kms.createSecret("store-token", "v1", "via-store");
        client.secrets().inNamespace("store-ns").resource(new SecretBuilder().withNewMetadata().withName("creds")
                .endMetadata().addToData("id", ControllerHarness.b64("store-ak"))
                .addToData("secret", ControllerHarness.b64("CANARY-7f3a9c-store-sk")).build()).create();
        client.resources(SecretStore.class).inNamespace("store-ns").resource(Serialization.unmarshal("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: SecretStore
                metadata: {name: kms, namespace: store-ns}
                spec:
                  KMS:
                    KMSAuth:
                      accessKey: {name: creds, key: id}
                      accessKeySecret: {name: creds, key: secret}
                """, SecretStore.class)).create();
        try (Controller controller = start(client, kms, settings("store-ns").build(), b -> b.defaultStore(null))) {
            ControllerHarness.apply(client, """
                    apiVersion: alibabacloud.com/v1alpha1
                    kind: ExternalSecret
                    metadata: {name: via, namespace: store-ns}
                    spec:
                      data: [{key: store-token, name: token, secretStoreRef: {name: kms}}]
                    """);
            ControllerHarness.apply(client, """
                    apiVersion: alibabacloud.com/v1alpha1
                    kind: ExternalSecret
                    metadata: {name: nostore, namespace: store-ns}
                    spec:
                      data: [{key: store-token}]
                    """);
            await().atMost(WAIT).until(() -> "via-store".equals(data(client.secrets().inNamespace("store-ns")
                    .withName("via").get(), "token")));
            await().atMost(WAIT).until(() -> {
                SecretStore s = client.resources(SecretStore.class).inNamespace("store-ns").withName("kms").get();
                return s.getStatus() != null && "True".equals(s.getStatus().getConditions().get(0).getStatus());
            });
            await().atMost(WAIT).until(() -> "False/StoreNotReady".equals(readyReason(get(client, "store-ns", "nostore"))));
            assertThat(Serialization.asYaml(client.resources(SecretStore.class).inNamespace("store-ns").withName("kms")
                    .get().getStatus())).doesNotContain("CANARY");
        }
    }

    @Test
    void oneLeaderAndFailoverWithinTheLeaseDuration() {
        namespace(client, "ha", Map.of());
        kms.createSecret("ha-token", "v1", "first");
        ControllerSettings ha = settings("ha").leaderElection(true).leaseNamespace("ha").leaseName("ha-lock")
                // A renew deadline that a loaded CI machine still meets: leadership must not move on its own here.
                .leaseDuration(Duration.ofSeconds(6)).renewDeadline(Duration.ofSeconds(5))
                .retryPeriod(Duration.ofMillis(300)).build();
        Controller one = start(client, kms, ha, b -> b.identity("one"));
        Controller two = start(client, kms, ha, b -> b.identity("two"));
        try {
            await().atMost(WAIT).until(() -> one.isLeader() || two.isLeader());
            Controller leader = one.isLeader() ? one : two;
            Controller follower = leader == one ? two : one;
            assertThat(follower.isLeader()).isFalse();
            assertThat(follower.isReady()).as("followers are ready, and idle").isTrue();
            ControllerHarness.apply(client, """
                    apiVersion: alibabacloud.com/v1alpha1
                    kind: ExternalSecret
                    metadata: {name: ha, namespace: ha}
                    spec:
                      data: [{key: ha-token, name: token}]
                    """);
            await().atMost(WAIT).until(() -> "first".equals(data(client.secrets().inNamespace("ha").withName("ha").get(), "token")));

            leader.close();
            Lease lease = client.leases().inNamespace("ha").withName("ha-lock").get();
            // fabric8 releases by writing a record without holder and with a 1 s duration.
            assertThat(lease.getSpec().getHolderIdentity() == null
                    || lease.getSpec().getLeaseDurationSeconds() == 1).as("released on graceful shutdown").isTrue();
            assertThat(leader.isLeader()).isFalse();
            await().atMost(ha.leaseDuration().plusSeconds(2)).until(follower::isLeader);
            kms.rotate("ha-token", "second");
            await().atMost(WAIT).until(() -> "second".equals(data(client.secrets().inNamespace("ha").withName("ha").get(), "token")));
            assertThat(client.leases().inNamespace("ha").withName("ha-lock").get().getSpec().getHolderIdentity())
                    .isEqualTo(follower.identity());
        } finally {
            Stream.of(one, two).forEach(Controller::close);
        }
    }

    @Test
    void metersFollowTheEngine() {
        namespace(client, "metrics", Map.of());
        kms.createSecret("m-token", "v1", "x");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Controller controller = Controller.builder(client, settings("metrics").build(), meters)
                .defaultStore(ControllerHarness.defaultStore(kms))
                .storeCustomizer(b -> b.endpoint(kms.endpoint()))
                .build()) {
            controller.start();
            ControllerHarness.apply(client, """
                    apiVersion: alibabacloud.com/v1alpha1
                    kind: ExternalSecret
                    metadata: {name: m, namespace: metrics}
                    spec:
                      data: [{key: m-token}, {key: m-missing}]
                    """);
            await().atMost(WAIT).until(() -> meters.find(ControllerMetrics.SYNC_CALLS).tag("result", "written").counter() != null);
            await().atMost(WAIT).until(() -> meters.find(ControllerMetrics.KMS_CALLS).tag("status", "not_found").counter() != null);
            assertThat(meters.get(ControllerMetrics.KMS_CALLS).tags("store", "controller", "status", "success").counter()
                    .count()).isGreaterThanOrEqualTo(1);
            assertThat(meters.get(ControllerMetrics.RECONCILE).timer().count()).isPositive();
            assertThat(meters.get(ControllerMetrics.QUEUE_DEPTH).gauge()).isNotNull();
            assertThat(meters.get(ControllerMetrics.LEADER).gauge().value()).isEqualTo(1.0);
            assertThat(meters.getMeters()).allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain("CANARY"));
        }
    }

    @Test
    void cleanupSecretOnFailureDeletesWhenEverySecretFails() {
        namespace(client, "cleanup", Map.of());
        kms.createSecret("c-token", "v1", "x");
        try (Controller controller = start(client, kms, settings("cleanup").cleanupSecretOnFailure(true).build())) {
            ControllerHarness.apply(client, """
                    apiVersion: alibabacloud.com/v1alpha1
                    kind: ExternalSecret
                    metadata: {name: c, namespace: cleanup}
                    spec:
                      data: [{key: c-token}]
                    """);
            await().atMost(WAIT).until(() -> client.secrets().inNamespace("cleanup").withName("c").get() != null);
            // The status follows the Secret; an edit made meanwhile would conflict with it (409).
            await().atMost(WAIT).until(() -> "True/SecretSynced".equals(readyReason(get(client, "cleanup", "c"))));
            await().atMost(WAIT).until(controller::isIdle);
            client.resources(ExternalSecret.class).inNamespace("cleanup").withName("c").edit(es -> {
                es.getSpec().getData().get(0).setVersionId("v404");
                return es;
            });
            await().atMost(WAIT).until(() -> client.secrets().inNamespace("cleanup").withName("c").get() == null);
        }
    }

    @Test
    void clusterSecretStoreConditionsAndExcludedNamespaces() {
        namespace(client, "css-creds", Map.of());
        namespace(client, "css-allowed", Map.of());
        namespace(client, "css-denied", Map.of());
        namespace(client, "css-excluded", Map.of());
        kms.createSecret("css-token", "v1", "from-css");
        client.secrets().inNamespace("css-creds").resource(new SecretBuilder().withNewMetadata().withName("creds")
                .endMetadata().addToData("id", ControllerHarness.b64("store-ak"))
                .addToData("secret", ControllerHarness.b64("CANARY-7f3a9c-store-sk")).build()).create();
        client.resources(ClusterSecretStore.class).resource(Serialization.unmarshal("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ClusterSecretStore
                metadata: {name: shared}
                spec:
                  conditions:
                  - namespaces: [css-allowed]
                  KMS:
                    KMSAuth:
                      accessKey: {name: creds, namespace: css-creds, key: id}
                      accessKeySecret: {name: creds, namespace: css-creds, key: secret}
                """, ClusterSecretStore.class)).create();
        ControllerSettings s = settings("css-allowed", "css-denied", "css-excluded")
                .excludeNamespaces(java.util.Set.of("css-excluded")).build();
        try (Controller controller = start(client, kms, s)) {
            for (String ns : List.of("css-allowed", "css-denied", "css-excluded")) {
                ControllerHarness.apply(client, """
                        apiVersion: alibabacloud.com/v1alpha1
                        kind: ExternalSecret
                        metadata: {name: via-css, namespace: %s}
                        spec:
                          data: [{key: css-token, name: token, secretStoreRef: {name: shared, kind: ClusterSecretStore}}]
                        """.formatted(ns));
            }
            await().atMost(WAIT).until(() -> "from-css".equals(data(client.secrets().inNamespace("css-allowed")
                    .withName("via-css").get(), "token")));
            await().atMost(WAIT).until(() -> "False/StoreNotReady".equals(readyReason(get(client, "css-denied", "via-css"))));
            assertThat(client.secrets().inNamespace("css-denied").withName("via-css").get()).isNull();
            await().atMost(WAIT).until(controller::isIdle);
            assertThat(get(client, "css-excluded", "via-css").getStatus()).as("excluded namespace untouched").isNull();
            assertThat(client.secrets().inNamespace("css-excluded").withName("via-css").get()).isNull();
        }
    }
}
