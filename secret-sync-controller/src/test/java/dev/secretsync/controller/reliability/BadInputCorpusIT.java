package dev.secretsync.controller.reliability;

import static dev.secretsync.controller.reliability.Reliability.CANARY;
import static dev.secretsync.controller.reliability.Reliability.apply;
import static dev.secretsync.controller.reliability.Reliability.data;
import static dev.secretsync.controller.reliability.Reliability.events;
import static dev.secretsync.controller.reliability.Reliability.get;
import static dev.secretsync.controller.reliability.Reliability.ready;
import static dev.secretsync.controller.reliability.Reliability.readyMessage;
import static dev.secretsync.controller.reliability.Reliability.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.secretsync.controller.Controller;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Section 4: a corpus of malformed ExternalSecrets next to good ones. Each bad one must end with
 * Ready=False, a reason, a condition message and an event that name the field; the good ones keep
 * syncing (also ones created after the corpus, and a rotation); no value leaks into status or events.
 */
@EnableKubernetesMockClient(crud = true)
class BadInputCorpusIT {

    static final String NS = "corpus";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Set<String> SPEC = Set.of("InvalidSpec");
    static final Set<String> STORE = Set.of("StoreNotReady");
    static final Set<String> PROVIDER = Set.of("ProviderError", "InvalidSpec", "SecretSyncedError");

    static KubernetesClient client;

    record Case(String name, String spec, Set<String> reasons, String field) {
    }

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("missing-key", "data: [{name: a}]", SPEC, "spec.data[0].key"));
        c.add(new Case("blank-key", "data: [{key: '', name: a}]", SPEC, "spec.data[0].key"));
        c.add(new Case("no-data", "type: Opaque", SPEC, "spec.data"));
        c.add(new Case("jmes-invalid", "data: [{key: c-json, jmesPath: [{path: '[[[', objectAlias: x}]}]", SPEC,
                "spec.data[0].jmesPath[0]"));
        c.add(new Case("jmes-no-alias", "data: [{key: c-json, jmesPath: [{path: user}]}]", SPEC,
                "spec.data[0].jmesPath[0].objectAlias"));
        c.add(new Case("jmes-no-path", "data: [{key: c-json, jmesPath: [{objectAlias: u}]}]", SPEC,
                "spec.data[0].jmesPath[0].path"));
        c.add(new Case("regex-invalid",
                "dataProcess: [{extract: {key: c-json}, replaceRule: [{source: '(', target: x}]}]", SPEC,
                "spec.dataProcess[0].replaceRule[0]"));
        c.add(new Case("regex-no-source",
                "dataProcess: [{extract: {key: c-json}, replaceRule: [{target: x}]}]", SPEC,
                "spec.dataProcess[0].replaceRule[0].source"));
        c.add(new Case("extract-missing", "dataProcess: [{replaceRule: [{source: a, target: b}]}]", SPEC,
                "spec.dataProcess[0].extract"));
        c.add(new Case("key-name-invalid", "data: [{key: c-text, name: 'bad key!'}]", SPEC, "spec.data[0].name"));
        c.add(new Case("alias-invalid", "data: [{key: c-json, jmesPath: [{path: user, objectAlias: 'a/b'}]}]", SPEC,
                "spec.data[0].jmesPath[0].objectAlias"));
        c.add(new Case("duplicate-keys", "data: [{key: c-text, name: a}, {key: c-json, name: a}]", SPEC,
                "spec.data[1]"));
        c.add(new Case("duplicate-extracted", "data: [{key: c-text, name: user}]\n  dataProcess: [{extract: {key: c-json}}]",
                PROVIDER, "user"));
        c.add(new Case("extract-text", "dataProcess: [{extract: {key: c-text}}]", PROVIDER, "spec.dataProcess[0]"));
        c.add(new Case("extract-list", "dataProcess: [{extract: {key: c-list}}]", PROVIDER, "spec.dataProcess[0]"));
        c.add(new Case("over-1mib", "data: [{key: c-big, name: big}]", PROVIDER, "1 MiB"));
        c.add(new Case("unknown-store", "data: [{key: c-text, secretStoreRef: {name: nope}}]", STORE, "nope"));
        c.add(new Case("cross-namespace", "data: [{key: c-text, secretStoreRef: {name: kms, namespace: other}}]", SPEC,
                "spec.data[0].secretStoreRef"));
        c.add(new Case("css-denied", "data: [{key: c-text, secretStoreRef: {name: only-other, kind: ClusterSecretStore}}]",
                STORE, "only-other"));
        c.add(new Case("store-kind-invalid", "data: [{key: c-text, secretStoreRef: {name: kms, kind: Vault}}]", SPEC,
                "spec.data[0].secretStoreRef"));
        c.add(new Case("duration-words", "rotationInterval: soon\n  data: [{key: c-text}]", SPEC, "spec.rotationInterval"));
        c.add(new Case("duration-zero", "rotationInterval: 0s\n  data: [{key: c-text}]", SPEC, "spec.rotationInterval"));
        c.add(new Case("duration-negative", "rotationInterval: -5s\n  data: [{key: c-text}]", SPEC, "spec.rotationInterval"));
        c.add(new Case("endpoint-not-kms", "data: [{key: c-text, kmsEndpoint: evil.example.org}]", PROVIDER_OR_STORE(),
                "kmsEndpoint"));
        c.add(new Case("endpoint-url-path", "data: [{key: c-text, kmsEndpoint: 'https://kms.example.org/x'}]",
                PROVIDER_OR_STORE(), "kmsEndpoint"));
        c.add(new Case("template-parse", "data: [{key: c-text, name: t}]\n  target: {template: {data: {x: '{{ .t '}}}",
                SPEC, "spec.target.template.data[x]"));
        c.add(new Case("template-function", "data: [{key: c-text, name: t}]\n  target: {template: {data: {x: '{{ env \"HOME\" }}'}}}",
                SPEC, "spec.target.template.data[x]"));
        c.add(new Case("template-missing-key", "data: [{key: c-text, name: t}]\n  target: {template: {data: {x: '{{ .nope }}'}}}",
                PROVIDER, "spec.target.template.data[x]"));
        c.add(new Case("template-binary", "data: [{key: c-bin, name: b}]\n  target: {template: {data: {x: 'v={{ .b | upper }}'}}}",
                PROVIDER, "spec.target.template.data[x]"));
        c.add(new Case("template-from-missing",
                "data: [{key: c-text, name: t}]\n  target: {template: {templateFrom: [{configMap: {name: none, items: [{key: k}]}}]}}",
                SPEC, "spec.target.template.templateFrom[0].configMap"));
        c.add(new Case("template-from-literal",
                "data: [{key: c-text, name: t}]\n  target: {template: {templateFrom: [{literal: 'x'}]}}", SPEC,
                "spec.target.template.templateFrom[0].literal"));
        c.add(new Case("merge-policy", "data: [{key: c-text, name: t}]\n  target: {template: {mergePolicy: Sometimes, data: {x: y}}}",
                SPEC, "spec.target.template.mergePolicy"));
        c.add(new Case("refresh-policy", "refreshPolicy: Sometimes\n  data: [{key: c-text}]", SPEC, "spec.refreshPolicy"));
        c.add(new Case("stage-and-id-apart", "data: [{key: c-text, versionStage: ACSPrevious, versionId: v1}]",
                Set.of("ProviderError"), "c-text"));
        c.add(new Case("rollout-kind", "data: [{key: c-text}]\n  rolloutRestart: [{kind: Pod, name: x}]", SPEC,
                "spec.rolloutRestart[0].kind"));
        c.add(new Case("rollout-name", "data: [{key: c-text}]\n  rolloutRestart: [{kind: Deployment}]", SPEC,
                "spec.rolloutRestart[0].name"));
        c.add(new Case("creation-policy", "data: [{key: c-text}]\n  target: {creationPolicy: Sometimes}", SPEC,
                "spec.target"));
        c.add(new Case("deletion-policy", "data: [{key: c-text}]\n  target: {deletionPolicy: Sometimes}", SPEC,
                "spec.target"));
        c.add(new Case("provider-other", "provider: vault\n  data: [{key: c-text}]", SPEC, "spec.provider"));
        c.add(new Case("kms-secret-missing", "data: [{key: does-not-exist}]", Set.of("ProviderError"), "does-not-exist"));
        c.add(new Case("kms-version-missing", "data: [{key: c-text, versionId: v9}]", Set.of("ProviderError"), "c-text"));
        return c;
    }

    static Set<String> PROVIDER_OR_STORE() {
        return Set.of("InvalidSpec", "StoreNotReady", "ProviderError");
    }

    @Test
    void everyMalformedResourceIsReportedAndTheOthersKeepSyncing() {
        Reliability.namespace(client, NS);
        Reliability.namespace(client, "other");
        client.resources(ClusterSecretStore.class).resource(Serialization.unmarshal("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ClusterSecretStore
                metadata: {name: only-other}
                spec:
                  conditions:
                  - namespaces: [other]
                  KMS:
                    KMSAuth:
                      accessKey: {name: creds, namespace: other, key: id}
                      accessKeySecret: {name: creds, namespace: other, key: secret}
                """, ClusterSecretStore.class)).create();
        try (KmsEmulator kms = Reliability.emulator()) {
            kms.createSecret("c-json", "v1", "{\"user\":\"u\",\"password\":\"" + CANARY + "-json\"}");
            kms.createSecret("c-text", "v1", CANARY + "-text");
            kms.createSecret("c-list", "v1", "[\"" + CANARY + "-list\"]");
            kms.createSecret("c-big", "v1", CANARY + "x".repeat(1_100_000));
            kms.createSecret("c-bin", "v1", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0x80});
            kms.createSecret("c-good", "v1", "good-1");

            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (Controller controller = Reliability.start(client, kms,
                    Reliability.settings(Duration.ofSeconds(2), NS).build(), meters, Duration.ofSeconds(5))) {
                await().atMost(WAIT).until(controller::isReady);
                good("good-before");
                List<Case> corpus = corpus();
                for (Case c : corpus) {
                    apply(client, """
                            apiVersion: alibabacloud.com/v1alpha1
                            kind: ExternalSecret
                            metadata: {name: %s, namespace: %s}
                            spec:
                              %s
                            """.formatted(c.name(), NS, c.spec()));
                }
                good("good-after");

                await().atMost(WAIT).untilAsserted(() -> assertThat(corpus.stream()
                        .map(c -> c.name() + "=" + ready(get(client, NS, c.name())))
                        .filter(s -> !s.contains("=False/"))).as("resources without a failed Ready condition").isEmpty());
                await().atMost(WAIT).until(() -> "good-1".equals(data(secret(client, NS, "good-after"), "v")));

                Map<String, String> wrong = new LinkedHashMap<>();
                Map<String, String> seen = new LinkedHashMap<>();
                for (Case c : corpus) {
                    ExternalSecret es = get(client, NS, c.name());
                    String reason = ready(es).substring("False/".length());
                    String message = readyMessage(es);
                    seen.put(c.name(), reason + ": " + message);
                    if (!c.reasons().contains(reason) || message == null || !message.contains(c.field())) {
                        wrong.put(c.name(), reason + ": " + message);
                    }
                }
                System.out.println("corpus results:");
                seen.forEach((k, v) -> System.out.println("  " + k + " -> " + v));
                assertThat(wrong).as("cases whose status does not name the field").isEmpty();

                // An event per bad resource naming the same field; none carries a value.
                await().atMost(WAIT).untilAsserted(() -> assertThat(corpus).allSatisfy(c -> assertThat(
                        events(client, NS, c.name())).as(c.name()).anySatisfy(e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getMessage()).contains(c.field());
                        })));
                for (Case c : corpus) {
                    assertThat(Serialization.asYaml(get(client, NS, c.name()).getStatus())).doesNotContain(CANARY);
                    assertThat(events(client, NS, c.name())).extracting(Event::getMessage)
                            .noneMatch(m -> m.contains(CANARY));
                    // A bad resource never yields a half-made Secret.
                    if (SPEC.equals(c.reasons()) || STORE.equals(c.reasons())) {
                        assertThat(secret(client, NS, c.name())).as(c.name()).isNull();
                    }
                }

                // The controller still works: a rotation reaches the good resources; health stays up.
                kms.rotate("c-good", "good-2");
                await().atMost(WAIT).until(() -> "good-2".equals(data(secret(client, NS, "good-before"), "v"))
                        && "good-2".equals(data(secret(client, NS, "good-after"), "v")));
                good("good-late");
                await().atMost(WAIT).until(() -> "good-2".equals(data(secret(client, NS, "good-late"), "v")));
                assertThat(controller.isHealthy()).isTrue();
                assertThat(corpus).hasSizeGreaterThanOrEqualTo(30);
            }
        }
    }

    private static void good(String name) {
        apply(client, """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: %s, namespace: %s}
                spec:
                  data: [{key: c-good, name: v}]
                """.formatted(name, NS));
    }
}
