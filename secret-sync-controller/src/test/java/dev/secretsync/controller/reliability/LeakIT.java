package dev.secretsync.controller.reliability;

import static dev.secretsync.controller.reliability.Reliability.apply;
import static dev.secretsync.controller.reliability.Reliability.data;
import static dev.secretsync.controller.reliability.Reliability.get;
import static dev.secretsync.controller.reliability.Reliability.ready;
import static dev.secretsync.controller.reliability.Reliability.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.secretsync.controller.Controller;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Section 5: canary values through success, every error path and a sign-in failure, with every
 * logger at DEBUG. The canaries may appear in the managed Secrets only: never in logs (message,
 * arguments, exceptions), events, status, or meter names and tags.
 */
@EnableKubernetesMockClient(crud = true)
class LeakIT {

    static final String NS = "leak";
    static final String C = "CANARY-7f3a9c";
    static final Duration WAIT = Duration.ofSeconds(60);
    static KubernetesClient client;

    @Test
    void canariesAppearOnlyInTheSecrets() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Map<Logger, Level> levels = new java.util.HashMap<>();
        context.getLoggerList().forEach(l -> levels.put(l, l.getLevel()));
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        context.getLoggerList().forEach(l -> l.setLevel(Level.DEBUG));
        try (KmsEmulator kms = Reliability.emulator()) {
            kms.createSecret("leak-json", "v1", "{\"user\":\"u\",\"password\":\"" + C + "-json\"}");
            kms.createSecret("leak-text", "v1", C + "-text: [unclosed");
            kms.createSecret("leak-big", "v1", C + "-big" + "x".repeat(1_100_000));
            Reliability.namespace(client, NS);
            client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("creds")
                    .endMetadata().withStringData(Map.of("id", Reliability.AK, "secret", C + "-signin")).build()).create();
            client.resources(SecretStore.class).inNamespace(NS).resource(Serialization.unmarshal("""
                    apiVersion: alibabacloud.com/v1alpha1
                    kind: SecretStore
                    metadata: {name: wrong-key, namespace: leak}
                    spec:
                      KMS:
                        KMSAuth:
                          accessKey: {name: creds, key: id}
                          accessKeySecret: {name: creds, key: secret}
                    """, SecretStore.class)).create();
            Map<String, String> specs = Map.of(
                    "ok", "data: [{key: leak-json, name: raw}, {key: leak-json, name: j, jmesPath: [{path: password, objectAlias: pw}]}]",
                    "extract-text", "dataProcess: [{extract: {key: leak-text}}]",
                    "jmes-on-text", "data: [{key: leak-text, name: t, jmesPath: [{path: a, objectAlias: b}]}]",
                    "template-error", "data: [{key: leak-json, name: j}]\n  target: {template: {data: {x: '{{ index (.j | fromJson) \"password\" | b64dec }}'}}}",
                    "too-big", "data: [{key: leak-big, name: big}]",
                    "sign-in", "data: [{key: leak-json, name: j, secretStoreRef: {name: wrong-key}}]",
                    "duplicate", "data: [{key: leak-json, name: user}]\n  dataProcess: [{extract: {key: leak-json}}]");
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (Controller controller = Reliability.start(client, kms,
                    Reliability.settings(Duration.ofSeconds(2), NS).build(), meters, Duration.ofSeconds(5))) {
                specs.forEach((name, spec) -> apply(client, """
                        apiVersion: alibabacloud.com/v1alpha1
                        kind: ExternalSecret
                        metadata: {name: %s, namespace: %s}
                        spec:
                          %s
                        """.formatted(name, NS, spec)));
                await().atMost(WAIT).until(() -> (C + "-json").equals(data(secret(client, NS, "ok"), "pw")));
                await().atMost(WAIT).untilAsserted(() -> assertThat(specs.keySet().stream().filter(n -> !n.equals("ok"))
                        .map(n -> n + "=" + ready(get(client, NS, n)))).allMatch(s -> s.contains("=False/")));
                // Let a further polling cycle run through every path.
                long calls = kms.requestCount("GetSecretValue");
                await().atMost(WAIT).until(() -> kms.requestCount("GetSecretValue") >= calls + 4);

                List<String> places = new ArrayList<>();
                for (ILoggingEvent e : List.copyOf(logs.list)) {
                    if (e.getLoggerName().startsWith("io.fabric8.kubernetes.client.server.mock")
                            || e.getLoggerName().startsWith("io.fabric8.mockwebserver")) {
                        continue; // the API server stand-in of the test, which stores the Secrets; not our process
                    }
                    places.add("log " + e.getLoggerName() + ": " + e.getFormattedMessage());
                    if (e.getArgumentArray() != null) {
                        for (Object a : e.getArgumentArray()) {
                            places.add("log argument: " + a);
                        }
                    }
                    for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                        places.add("log exception: " + t.getClassName() + ": " + t.getMessage());
                    }
                }
                for (ExternalSecret es : client.resources(ExternalSecret.class).inNamespace(NS).list().getItems()) {
                    places.add("status of " + es.getMetadata().getName() + ": " + Serialization.asYaml(es.getStatus()));
                }
                for (Event e : client.v1().events().inNamespace(NS).list().getItems()) {
                    places.add("event " + e.getReason() + ": " + e.getMessage());
                }
                for (Meter m : meters.getMeters()) {
                    places.add("meter " + m.getId() + " " + m.measure());
                }
                for (SecretStore s : client.resources(SecretStore.class).inNamespace(NS).list().getItems()) {
                    places.add("store status: " + Serialization.asYaml(s.getStatus()));
                }
                assertThat(logs.list).as("DEBUG logging was on").anyMatch(e -> e.getLevel() == Level.DEBUG);
                assertThat(places).as("events and statuses were collected")
                        .anyMatch(p -> p.startsWith("event ")).anyMatch(p -> p.startsWith("meter "));
                assertThat(places).as("places a canary must never reach").noneMatch(p -> p.contains(C));
                System.out.println("leak check: " + places.size() + " log lines, events, statuses and meters checked");
                assertThat(controller.isHealthy()).isTrue();
            }
        } finally {
            root.detachAppender(logs);
            levels.forEach(Logger::setLevel);
        }
    }
}
