package dev.secretsync.controller;

import dev.secretsync.controller.settings.ControllerSettings;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsStoreConfig;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;

/** Shared set-up for the end-to-end tests: a controller between the CRUD mock API server and the KMS emulator. */
final class ControllerHarness {

    static final String AK = "test-ak";
    static final String SK = "test-sk";

    private ControllerHarness() {
    }

    static KmsStoreConfig defaultStore(KmsEmulator kms) {
        return KmsStoreConfig.builder().region("cn-hangzhou").endpoint(kms.endpoint())
                .protocol(KmsStoreConfig.Protocol.HTTP).allowLoopbackEndpoint(true)
                .readTimeout(Duration.ofSeconds(5)).auth(KmsAuth.accessKey(AK, SK)).build();
    }

    static ControllerSettings.Builder settings(String... namespaces) {
        return ControllerSettings.builder()
                .region("cn-hangzhou")
                .pollingInterval(Duration.ofMillis(700))
                .jitter(0)
                .maxKmsPullsPerSecond(1000)
                .reconcileCount(2)
                .leaderElection(false)
                .allowLoopbackEndpoints(true)
                .watchNamespaces(Set.of(namespaces));
    }

    static Controller start(KubernetesClient client, KmsEmulator kms, ControllerSettings settings) {
        return start(client, kms, settings, UnaryOperator.identity());
    }

    static Controller start(KubernetesClient client, KmsEmulator kms, ControllerSettings settings,
                            UnaryOperator<Controller.Builder> custom) {
        Controller c = custom.apply(Controller.builder(client, settings, new SimpleMeterRegistry())
                .defaultStore(defaultStore(kms))
                .storeCustomizer(b -> b.endpoint(kms.endpoint()).protocol(KmsStoreConfig.Protocol.HTTP))).build();
        c.start();
        return c;
    }

    static void namespace(KubernetesClient client, String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).createOr(r -> r.update());
    }

    static ExternalSecret apply(KubernetesClient client, String yaml) {
        ExternalSecret es = Serialization.unmarshal(yaml, ExternalSecret.class);
        return client.resources(ExternalSecret.class).inNamespace(es.getMetadata().getNamespace()).resource(es).create();
    }

    static ExternalSecret get(KubernetesClient client, String ns, String name) {
        return client.resources(ExternalSecret.class).inNamespace(ns).withName(name).get();
    }

    static String data(Secret s, String key) {
        if (s == null || s.getData() == null || s.getData().get(key) == null) {
            return null;
        }
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String readyReason(ExternalSecret es) {
        if (es == null || es.getStatus() == null || es.getStatus().getConditions() == null) {
            return null;
        }
        return es.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getStatus() + "/" + c.getReason()).findFirst().orElse(null);
    }

    /** Captures every log line of the process (for canary checks). */
    static ListAppender<ILoggingEvent> captureLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        return appender;
    }

    static List<String> lines(ListAppender<ILoggingEvent> appender) {
        return appender.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
    }
}
