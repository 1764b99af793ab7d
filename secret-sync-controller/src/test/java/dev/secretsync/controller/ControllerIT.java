package dev.secretsync.controller;

import static dev.secretsync.controller.ControllerHarness.apply;
import static dev.secretsync.controller.ControllerHarness.data;
import static dev.secretsync.controller.ControllerHarness.get;
import static dev.secretsync.controller.ControllerHarness.namespace;
import static dev.secretsync.controller.ControllerHarness.readyReason;
import static dev.secretsync.controller.ControllerHarness.settings;
import static dev.secretsync.controller.ControllerHarness.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: the real controller between fabric8's CRUD mock API server and the KMS emulator
 * (real KMS SDK, signatures checked). Each test uses its own namespace.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerIT {

    static final String CANARY = "CANARY-7f3a9c";
    static final Duration WAIT = Duration.ofSeconds(20);

    static KubernetesMockServer server;
    static KubernetesClient client;
    static KmsEmulator kms;
    Controller controller;

    @BeforeAll
    static void startKms() {
        kms = KmsEmulator.builder().accessKey(ControllerHarness.AK, ControllerHarness.SK).build().start();
    }

    @AfterAll
    static void stopKms() {
        kms.close();
    }

    @AfterEach
    void stopController() {
        if (controller != null) {
            controller.close();
        }
    }

    Secret secret(String ns, String name) {
        return client.secrets().inNamespace(ns).withName(name).get();
    }

    List<Event> events(String ns, String esName) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> esName.equals(e.getInvolvedObject().getName())).toList();
    }

    @Test
    void createRotateIdleAndCanary() {
        ListAppender<ILoggingEvent> logs = ControllerHarness.captureLogs();
        namespace(client, "t-basic", Map.of());
        kms.createSecret("basic-db", "v1", "{\"user\":\"app\",\"password\":\"" + CANARY + "-1\"}");
        controller = start(client, kms, settings("t-basic").build());
        await().atMost(WAIT).until(controller::isReady);
        assertThat(controller.isLeader()).isTrue();
        assertThat(controller.isHealthy()).isTrue();

        apply(client, """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: db, namespace: t-basic}
                spec:
                  data:
                  - key: basic-db
                    name: raw
                  - key: basic-db
                    name: json
                    jmesPath: [{path: password, objectAlias: password}]
                """);
        await().atMost(WAIT).until(() -> (CANARY + "-1").equals(data(secret("t-basic", "db"), "password")));
        assertThat(data(secret("t-basic", "db"), "raw")).contains("\"user\":\"app\"");
        await().atMost(WAIT).until(() -> "True/SecretSynced".equals(readyReason(get(client, "t-basic", "db"))));
        ExternalSecret es = get(client, "t-basic", "db");
        assertThat(es.getMetadata().getFinalizers()).contains(Metadata.ACK_FINALIZER);
        assertThat(es.getStatus().getDataSyncResults()).extracting(r -> r.getExternalSecretKey() + "=" + r.getStatus())
                .containsOnly("basic-db=Succeeded");
        assertThat(es.getStatus().getConditions().get(0).getObservedGeneration()).isEqualTo(es.getMetadata().getGeneration());
        await().atMost(WAIT).until(() -> events("t-basic", "db").stream().anyMatch(e -> "Created".equals(e.getReason())));

        // Idle: polling goes on (one KMS call per cycle for the one distinct reference) but the API sees nothing.
        await().atMost(WAIT).until(controller::isIdle);
        int requests = server.getRequestCount();
        long calls = kms.requestCount("GetSecretValue", "basic-db");
        await().atMost(WAIT).until(() -> kms.requestCount("GetSecretValue", "basic-db") >= calls + 3);
        await().atMost(WAIT).until(controller::isIdle);
        assertThat(server.getRequestCount()).as("an idle cycle makes no Kubernetes API request").isEqualTo(requests);

        // Rotation in KMS reaches the Secret in the next cycle.
        kms.rotate("basic-db", "{\"user\":\"app\",\"password\":\"" + CANARY + "-2\"}");
        await().atMost(WAIT).until(() -> (CANARY + "-2").equals(data(secret("t-basic", "db"), "password")));
        await().atMost(WAIT).until(() -> events("t-basic", "db").stream().anyMatch(e -> "Updated".equals(e.getReason())));

        // Canary: no value in status, events or logs.
        assertThat(Serialization.asYaml(get(client, "t-basic", "db").getStatus())).doesNotContain(CANARY);
        assertThat(events("t-basic", "db")).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
        assertThat(ControllerHarness.lines(logs)).isNotEmpty().noneMatch(l -> l.contains(CANARY));
    }

    @Test
    void sharedSecretIsFetchedOnceAndDriftIsRestoredWithoutKms() {
        namespace(client, "t-shared", Map.of());
        kms.createSecret("shared-token", "v1", CANARY + "-shared");
        controller = start(client, kms, settings("t-shared").build());
        for (String name : List.of("a", "b", "c")) {
            apply(client, """
                    apiVersion: alibabacloud.com/v1alpha1
                    kind: ExternalSecret
                    metadata: {name: %s, namespace: t-shared}
                    spec:
                      refreshPolicy: OnChange
                      data: [{key: shared-token, name: token}]
                    """.formatted(name));
        }
        for (String name : List.of("a", "b", "c")) {
            await().atMost(WAIT).until(() -> (CANARY + "-shared").equals(data(secret("t-shared", name), "token")));
        }
        assertThat(kms.requestCount("GetSecretValue", "shared-token")).as("one call for three resources").isEqualTo(1);

        // Someone edits the Secret: restored from the cached value, no KMS call.
        client.secrets().inNamespace("t-shared").withName("b").edit(s -> {
            s.getData().put("token", ControllerHarness.b64("tampered"));
            return s;
        });
        await().atMost(WAIT).until(() -> (CANARY + "-shared").equals(data(secret("t-shared", "b"), "token")));
        // Deleted by someone: re-created.
        client.secrets().inNamespace("t-shared").withName("c").delete();
        await().atMost(Duration.ofSeconds(45)).until(() -> (CANARY + "-shared").equals(data(secret("t-shared", "c"), "token")));
        assertThat(kms.requestCount("GetSecretValue", "shared-token")).isEqualTo(1);
    }

    @Test
    void partialFailureKeepsOldValuesAndTotalFailureWritesNothing() {
        namespace(client, "t-partial", Map.of());
        kms.createSecret("p-a", "v1", "a1");
        kms.createSecret("p-b", "v1", "b1");
        controller = start(client, kms, settings("t-partial").build());
        apply(client, """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: p, namespace: t-partial}
                spec:
                  data: [{key: p-a, name: a}, {key: p-b, name: b}]
                """);
        await().atMost(WAIT).until(() -> "b1".equals(data(secret("t-partial", "p"), "b")));
        // The status follows the Secret; an edit made meanwhile would conflict with it (409).
        await().atMost(WAIT).until(() -> "True/SecretSynced".equals(readyReason(get(client, "t-partial", "p"))));
        await().atMost(WAIT).until(controller::isIdle);

        // b now names a version that does not exist; a rotates.
        client.resources(ExternalSecret.class).inNamespace("t-partial").withName("p").edit(es -> {
            es.getSpec().getData().get(1).setVersionId("v9");
            return es;
        });
        kms.rotate("p-a", "a2");
        await().atMost(WAIT).until(() -> "a2".equals(data(secret("t-partial", "p"), "a")));
        assertThat(data(secret("t-partial", "p"), "b")).as("failed key keeps its old value").isEqualTo("b1");
        await().atMost(WAIT).until(() -> "False/ProviderError".equals(readyReason(get(client, "t-partial", "p"))));
        assertThat(get(client, "t-partial", "p").getStatus().getDataSyncResults())
                .extracting(r -> r.getExternalSecretKey() + "=" + r.getStatus())
                .containsExactly("p-a=Succeeded", "p-b=Failed");
        await().atMost(WAIT).until(() -> events("t-partial", "p").stream()
                .anyMatch(e -> "MissingProviderSecret".equals(e.getReason())));

        // Every secret missing: nothing is written.
        apply(client, """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: none, namespace: t-partial}
                spec:
                  data: [{key: does-not-exist}]
                """);
        await().atMost(WAIT).until(() -> "False/ProviderError".equals(readyReason(get(client, "t-partial", "none"))));
        assertThat(secret("t-partial", "none")).isNull();
    }

    @Test
    void oosParametersFromAnOosStoreAndFromTheControllersOwnCredentials() {
        namespace(client, "t-oos", Map.of());
        kms.putParameter("oos-db", CANARY + "-oos");
        client.secrets().inNamespace("t-oos").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("oos-ak").endMetadata()
                .addToStringData("id", ControllerHarness.AK).addToStringData("secret", ControllerHarness.SK).build())
                .create();
        client.resource(Serialization.unmarshal("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: SecretStore
                metadata: {name: params, namespace: t-oos}
                spec:
                  OOS:
                    OOSAuth:
                      accessKey: {name: oos-ak, key: id}
                      accessKeySecret: {name: oos-ak, key: secret}
                """, dev.secretsync.k8s.model.SecretStore.class)).create();
        controller = start(client, kms, settings("t-oos").build());
        apply(client, """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: by-store, namespace: t-oos}
                spec:
                  data: [{key: oos-db, name: password, secretStoreRef: {name: params}}]
                """);
        apply(client, """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: by-provider, namespace: t-oos}
                spec:
                  provider: oos
                  data: [{key: oos-db, name: password}]
                """);
        await().atMost(WAIT).until(() -> (CANARY + "-oos").equals(data(secret("t-oos", "by-store"), "password")));
        await().atMost(WAIT).until(() -> (CANARY + "-oos").equals(data(secret("t-oos", "by-provider"), "password")));
        assertThat(kms.requestCount("GetSecretParameter", "oos-db")).isPositive();
        assertThat(kms.requestCount("GetSecretValue", "oos-db")).isZero();
        assertThat(Serialization.asYaml(get(client, "t-oos", "by-store").getStatus())).doesNotContain(CANARY);
    }

    @Test
    void invalidSpecIsReportedWithTheField() {
        namespace(client, "t-invalid", Map.of());
        controller = start(client, kms, settings("t-invalid").build());
        apply(client, """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: bad, namespace: t-invalid}
                spec:
                  rotationInterval: soon
                  data: [{key: x}]
                """);
        await().atMost(WAIT).until(() -> "False/InvalidSpec".equals(readyReason(get(client, "t-invalid", "bad"))));
        assertThat(get(client, "t-invalid", "bad").getStatus().getConditions().get(0).getMessage())
                .contains("spec.rotationInterval");
    }

    @Test
    void refreshAnnotationFetchesNowAndRolloutRestartFollowsAChange() {
        namespace(client, "t-refresh", Map.of());
        kms.createSecret("r-token", "v1", "one");
        client.apps().deployments().inNamespace("t-refresh").resource(new DeploymentBuilder().withNewMetadata()
                .withName("api").endMetadata().withNewSpec().withNewTemplate().withNewMetadata().endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("x").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        controller = start(client, kms, settings("t-refresh").build());
        apply(client, """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: r, namespace: t-refresh}
                spec:
                  refreshPolicy: OnChange
                  data: [{key: r-token, name: token}]
                  rolloutRestart: [{kind: Deployment, name: api}]
                """);
        await().atMost(WAIT).until(() -> "one".equals(data(secret("t-refresh", "r"), "token")));
        await().atMost(WAIT).until(controller::isIdle);
        kms.rotate("r-token", "two");
        long calls = kms.requestCount("GetSecretValue", "r-token");
        client.resources(ExternalSecret.class).inNamespace("t-refresh").withName("r").edit(es -> {
            es.getMetadata().getAnnotations().put(Metadata.REFRESH_REQUESTED_ANNOTATION, "1");
            return es;
        });
        await().atMost(WAIT).until(() -> "two".equals(data(secret("t-refresh", "r"), "token")));
        assertThat(kms.requestCount("GetSecretValue", "r-token")).isGreaterThan(calls);
        await().atMost(WAIT).until(() -> {
            Deployment d = client.apps().deployments().inNamespace("t-refresh").withName("api").get();
            Map<String, String> a = d.getSpec().getTemplate().getMetadata().getAnnotations();
            return a != null && a.containsKey(Controller.RESTARTED_AT_ANNOTATION);
        });
    }

    @Test
    void deletionPolicies() {
        namespace(client, "t-delete", Map.of());
        kms.createSecret("d-token", "v1", "tok");
        controller = start(client, kms, settings("t-delete").build());
        for (String policy : List.of("Retain", "Delete")) {
            apply(client, """
                    apiVersion: alibabacloud.com/v1alpha1
                    kind: ExternalSecret
                    metadata: {name: %s, namespace: t-delete}
                    spec:
                      target: {deletionPolicy: %s}
                      data: [{key: d-token}]
                    """.formatted(policy.toLowerCase(), policy));
        }
        await().atMost(WAIT).until(() -> secret("t-delete", "retain") != null && secret("t-delete", "delete") != null);
        await().atMost(WAIT).until(() -> get(client, "t-delete", "retain").getMetadata().getFinalizers() != null
                && get(client, "t-delete", "delete").getMetadata().getFinalizers() != null);
        client.resources(ExternalSecret.class).inNamespace("t-delete").withName("retain").delete();
        client.resources(ExternalSecret.class).inNamespace("t-delete").withName("delete").delete();
        await().atMost(WAIT).until(() -> get(client, "t-delete", "retain") == null && get(client, "t-delete", "delete") == null);
        await().atMost(WAIT).until(() -> secret("t-delete", "delete") == null);
        Secret kept = secret("t-delete", "retain");
        assertThat(kept).isNotNull();
        assertThat(kept.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(data(kept, "d-token")).isEqualTo("tok");
    }
}
