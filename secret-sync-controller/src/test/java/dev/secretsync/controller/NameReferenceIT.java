package dev.secretsync.controller;

import static dev.secretsync.controller.ControllerHarness.namespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.model.StatusCondition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every name a tenant writes is a Kubernetes name before it reaches an API path: a resource in
 * namespace {@code evil} names objects of namespace {@code other} through each reference field,
 * with hostile spellings. Each is refused at translation (or store resolution) with
 * {@code Ready=False} naming the field; the controller sends no request for any object of
 * {@code other}, and nothing there changes. With the documented cross-namespace setting, a valid
 * reference to {@code other} works.
 */
class NameReferenceIT extends CountingWorld {

    static final Duration WAIT = Duration.ofSeconds(60);

    /** Object names that are not Kubernetes names, each aiming at namespace other. */
    static final List<String> HOSTILE_NAMES = List.of("../other/configmaps/private-tpl", "..",
            "../../other/secrets/victim", "other%2Fsecrets%2Fvictim", "%2e%2e%2fother", "%2E%2E",
            "private-tpl/../../victim", "\uff0e\uff0e", "\uff50rivate-tpl", "private\u2010tpl", "PRIVATE-TPL",
            "victim\u0000", "x".repeat(100_000), "victim?x=1", "victim#x");
    /** Namespace names that are not Kubernetes names (and one that is, but is another namespace). */
    static final List<String> HOSTILE_NAMESPACES = List.of("other/..", "..", "%2e%2e", "OTHER", "\uff4fther",
            "o".repeat(100_000), "other/secrets", "other ");

    @BeforeEach
    void twoNamespaces() {
        namespace(client, "evil", Map.of());
        namespace(client, "other", Map.of());
        kms.createSecret("plain", "v1", "{\"user\":\"u\"}");
        client.configMaps().inNamespace("other").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("private-tpl").endMetadata().addToData("tpl", "{{ .user }}").build()).create();
        client.secrets().inNamespace("other").resource(secret("victim", Map.of("password", "dmljdGlt"))).create();
        client.secrets().inNamespace("other").resource(secret("private-creds",
                Map.of("id", ControllerHarness.b64(ControllerHarness.AK), "secret", ControllerHarness.b64(ControllerHarness.SK)))).create();
        client.serviceAccounts().inNamespace("other").resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("sa").addToAnnotations("ack.alibabacloud.com/role-arn", "acs:ram::1:role/r").endMetadata().build())
                .create();
        client.apps().deployments().inNamespace("other").resource(new DeploymentBuilder().withNewMetadata()
                .withName("app").endMetadata().build()).create();
        apply("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: SecretStore
                metadata: {name: kms, namespace: other}
                spec: {KMS: {KMSAuth: {accessKey: {name: private-creds, key: id}, accessKeySecret: {name: private-creds, key: secret}}}}
                """, SecretStore.class);
    }

    @Test
    void noReferenceFieldReachesAnotherNamespace() {
        Map<String, String> expectedField = new LinkedHashMap<>();
        int n = 0;
        for (String h : HOSTILE_NAMES) {
            expectedField.put(es(n++, spec -> spec + "  target: {name: " + yaml(h) + "}\n"), "spec.target.name");
            expectedField.put(es(n++, spec -> spec + "  target:\n    template:\n      data: {x: '{{ .user }}'}\n"
                    + "      templateFrom: [{configMap: {name: " + yaml(h) + "}}]\n"),
                    "spec.target.template.templateFrom[0].configMap.name");
            expectedField.put(es(n++, spec -> spec + "  target:\n    template:\n      data: {x: '{{ .user }}'}\n"
                    + "      templateFrom: [{secret: {name: " + yaml(h) + "}}]\n"),
                    "spec.target.template.templateFrom[0].secret.name");
            expectedField.put(es(n++, spec -> spec.replace("{key: plain, name: user}",
                    "{key: plain, name: user, secretStoreRef: {name: " + yaml(h) + "}}")), "spec.data[0].secretStoreRef.name");
            expectedField.put(es(n++, spec -> spec + "  rolloutRestart: [{kind: Deployment, name: " + yaml(h) + "}]\n"),
                    "spec.rolloutRestart[0].name");
        }
        for (String h : HOSTILE_NAMESPACES) {
            expectedField.put(es(n++, spec -> spec.replace("{key: plain, name: user}",
                    "{key: plain, name: user, secretStoreRef: {name: kms, namespace: " + yaml(h) + "}}")),
                    "spec.data[0].secretStoreRef.namespace");
        }
        // A valid name of another namespace: refused by the cross-namespace setting (off by default).
        expectedField.put(es(n++, spec -> spec.replace("{key: plain, name: user}",
                "{key: plain, name: user, secretStoreRef: {name: kms, namespace: other}}")),
                "spec.data[0].secretStoreRef.namespace");
        Map<String, String> stores = new LinkedHashMap<>();
        int s = 0;
        for (String h : HOSTILE_NAMES) {
            stores.put(store(s++, "accessKey: {name: " + yaml(h) + ", key: id}, accessKeySecret: {name: " + yaml(h)
                    + ", key: secret}"), "spec.KMS.KMSAuth.accessKey.name");
            stores.put(store(s++, "serviceAccountRef: {name: " + yaml(h) + "}, oidcProviderARN: 'acs:ram::1:oidc-provider/p'"),
                    "spec.KMS.KMSAuth.serviceAccountRef.name");
        }
        for (String h : HOSTILE_NAMESPACES) {
            stores.put(store(s++, "accessKey: {name: private-creds, namespace: " + yaml(h) + ", key: id}, "
                    + "accessKeySecret: {name: private-creds, namespace: " + yaml(h) + ", key: secret}"),
                    "spec.KMS.KMSAuth.accessKey.namespace");
            stores.put(store(s++, "serviceAccountRef: {name: sa, namespace: " + yaml(h) + "}, "
                    + "oidcProviderARN: 'acs:ram::1:oidc-provider/p'"), "spec.KMS.KMSAuth.serviceAccountRef.namespace");
        }
        Map<String, String> versionsBefore = otherNamespace();

        controller = ControllerHarness.start(api.controllerClient(), kms, ControllerHarness.settings("evil", "other")
                .build());

        await().atMost(WAIT).untilAsserted(() -> {
            for (var e : expectedField.entrySet()) {
                ExternalSecret es = client.resources(ExternalSecret.class).inNamespace("evil").withName(e.getKey()).get();
                StatusCondition ready = ready(es == null || es.getStatus() == null ? null : es.getStatus().getConditions());
                assertThat(ready).as(e.getKey()).isNotNull();
                assertThat(ready.getStatus()).as(e.getKey()).isEqualTo("False");
                assertThat(ready.getReason()).as(e.getKey()).isEqualTo("InvalidSpec");
                assertThat(ready.getMessage()).as(e.getKey()).startsWith(e.getValue() + ": ").hasSizeLessThan(600);
            }
            for (var e : stores.entrySet()) {
                SecretStore store = client.resources(SecretStore.class).inNamespace("evil").withName(e.getKey()).get();
                StatusCondition ready = ready(store.getStatus() == null ? null : store.getStatus().getConditions());
                assertThat(ready).as(e.getKey()).isNotNull();
                assertThat(ready.getStatus()).as(e.getKey()).isEqualTo("False");
                assertThat(ready.getMessage()).as(e.getKey()).contains(e.getValue()).hasSizeLessThan(600);
            }
        });
        await().atMost(WAIT).until(controller::isIdle);

        List<CountingApiServer.Call> aimed = api.calls().stream()
                .filter(c -> c.path().contains("/namespaces/other/") && !c.path().contains("/secretstores/kms"))
                .toList();
        assertThat(aimed).as("requests for objects of namespace other").isEmpty();
        assertThat(api.calls()).as("request paths carrying a hostile spelling")
                .noneMatch(c -> c.path().contains("..") || c.path().toLowerCase().contains("%2f")
                        || c.path().toLowerCase().contains("%2e") || c.path().length() > 2_000);
        assertThat(otherNamespace()).isEqualTo(versionsBefore);
        List<Event> warnings = client.v1().events().inNamespace("evil").list().getItems().stream()
                .filter(ev -> "Warning".equals(ev.getType()) && "InvalidSpec".equals(ev.getReason())).toList();
        assertThat(warnings.stream().map(ev -> ev.getInvolvedObject().getName()).distinct().count())
                .as("a Warning event per refused ExternalSecret").isEqualTo(expectedField.size());
    }

    @Test
    void theCrossNamespaceSettingAllowsAValidReferenceAndNothingElse() {
        String allowed = es(0, spec -> spec.replace("{key: plain, name: user}",
                "{key: plain, name: user, secretStoreRef: {name: kms, namespace: other}}"));
        String hostile = es(1, spec -> spec.replace("{key: plain, name: user}",
                "{key: plain, name: user, secretStoreRef: {name: kms, namespace: '../other'}}"));
        controller = ControllerHarness.start(api.controllerClient(), kms, ControllerHarness.settings("evil", "other")
                .enableCrossNamespaceSecretStore(true).build());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ControllerHarness.readyReason(ControllerHarness.get(client, "evil", allowed))).isEqualTo("True/SecretSynced");
            assertThat(ControllerHarness.readyReason(ControllerHarness.get(client, "evil", hostile))).isEqualTo("False/InvalidSpec");
        });
    }

    @Test
    void aClusterExternalSecretWritesNoChildUnderAnInvalidName() {
        namespace(client, "team", Map.of("secrets", "shared"));
        ClusterExternalSecret ces = apply("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ClusterExternalSecret
                metadata: {name: shared}
                spec:
                  externalSecretName: "../other/externalsecrets/x"
                  conditions: [{namespaceSelector: {matchLabels: {secrets: shared}}}]
                  externalSecretSpec:
                    data: [{key: plain, name: user}]
                """, ClusterExternalSecret.class);
        controller = ControllerHarness.start(api.controllerClient(), kms, ControllerHarness.settings("team").build());
        await().atMost(WAIT).untilAsserted(() -> {
            ClusterExternalSecret now = client.resources(ClusterExternalSecret.class).withName(ces.getMetadata().getName()).get();
            StatusCondition ready = ready(now.getStatus() == null ? null : now.getStatus().getConditions());
            assertThat(ready).isNotNull();
            assertThat(ready.getReason()).isEqualTo("InvalidSpec");
            assertThat(ready.getMessage()).startsWith("spec.externalSecretName: \"../other/externalsecrets/x\" is not");
        });
        assertThat(client.resources(ExternalSecret.class).inAnyNamespace().list().getItems()).isEmpty();
        assertThat(api.calls()).noneMatch(c -> "POST".equals(c.method()) && c.kind().startsWith("externalsecrets"));
    }

    // ---- helpers ----

    private String es(int i, Function<String, String> spec) {
        String name = "ref-" + i;
        apply("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: %s, namespace: evil}
                """.formatted(name) + spec.apply("spec:\n  data: [{key: plain, name: user}]\n"), ExternalSecret.class);
        return name;
    }

    private String store(int i, String auth) {
        String name = "store-" + i;
        apply("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: SecretStore
                metadata: {name: %s, namespace: evil}
                spec: {KMS: {KMSAuth: {%s}}}
                """.formatted(name, auth), SecretStore.class);
        return name;
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T apply(String yaml, Class<T> type) {
        return client.resource(Serialization.unmarshal(yaml, type)).create();
    }

    /** A YAML double-quoted scalar of any string. */
    private static String yaml(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static io.fabric8.kubernetes.api.model.Secret secret(String name, Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withData(data).build();
    }

    private static StatusCondition ready(List<StatusCondition> conditions) {
        return conditions == null ? null : conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    }

    /** resourceVersion of every object in namespace other. */
    private Map<String, String> otherNamespace() {
        Map<String, String> v = new LinkedHashMap<>();
        List<io.fabric8.kubernetes.api.model.HasMetadata> all = new ArrayList<>();
        all.addAll(client.configMaps().inNamespace("other").list().getItems());
        all.addAll(client.secrets().inNamespace("other").list().getItems());
        all.addAll(client.serviceAccounts().inNamespace("other").list().getItems());
        all.addAll(client.apps().deployments().inNamespace("other").list().getItems());
        all.forEach(o -> v.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
        return v;
    }
}
