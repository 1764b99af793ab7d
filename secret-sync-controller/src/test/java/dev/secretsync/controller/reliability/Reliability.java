package dev.secretsync.controller.reliability;

import dev.secretsync.controller.Controller;
import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsStoreConfig;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** Shared set-up of the reliability suite: the real controller between fabric8's mock API server and the KMS emulator. */
final class Reliability {

    static final String AK = "rel-ak";
    static final String SK = "rel-sk";
    static final String CANARY = "CANARY-7f3a9c";

    private Reliability() {
    }

    static KmsEmulator emulator() {
        return KmsEmulator.builder().accessKey(AK, SK).build().start();
    }

    static KmsStoreConfig store(KmsEmulator kms, Duration readTimeout) {
        return KmsStoreConfig.builder().region("cn-hangzhou").endpoint(kms.endpoint())
                .protocol(KmsStoreConfig.Protocol.HTTP).allowLoopbackEndpoint(true)
                .readTimeout(readTimeout).auth(KmsAuth.accessKey(AK, SK)).build();
    }

    static ControllerSettings.Builder settings(Duration polling, String... namespaces) {
        return ControllerSettings.builder()
                .region("cn-hangzhou")
                .pollingInterval(polling)
                .jitter(0)
                .maxKmsPullsPerSecond(1000)
                .reconcileCount(4)
                .leaderElection(false)
                .allowLoopbackEndpoints(true)
                .watchNamespaces(Set.of(namespaces));
    }

    static Controller start(KubernetesClient client, KmsEmulator kms, ControllerSettings settings,
                            MeterRegistry meters, Duration readTimeout) {
        Controller c = Controller.builder(client, settings, meters)
                .defaultStore(store(kms, readTimeout))
                .storeCustomizer(b -> b.endpoint(kms.endpoint()).protocol(KmsStoreConfig.Protocol.HTTP)
                        .readTimeout(readTimeout))
                .build();
        c.start();
        return c;
    }

    /** A namespace with ExternalSecrets es-0 .. es-(count-1), each reading key v from KMS secret s-(i mod distinct). */
    static void createExternalSecrets(KubernetesClient client, String ns, int count, int distinct) {
        namespace(client, ns);
        for (int i = 0; i < count; i++) {
            apply(client, """
                    apiVersion: alibabacloud.com/v1alpha1
                    kind: ExternalSecret
                    metadata: {name: es-%d, namespace: %s}
                    spec:
                      data: [{key: s-%d, name: v}]
                    """.formatted(i, ns, i % distinct));
        }
    }

    static void namespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .createOr(r -> r.update());
    }

    static ExternalSecret apply(KubernetesClient client, String yaml) {
        ExternalSecret es = Serialization.unmarshal(yaml, ExternalSecret.class);
        return client.resources(ExternalSecret.class).inNamespace(es.getMetadata().getNamespace()).resource(es).create();
    }

    static ExternalSecret get(KubernetesClient client, String ns, String name) {
        return client.resources(ExternalSecret.class).inNamespace(ns).withName(name).get();
    }

    static Secret secret(KubernetesClient client, String ns, String name) {
        return client.secrets().inNamespace(ns).withName(name).get();
    }

    static String data(Secret s, String key) {
        if (s == null || s.getData() == null || s.getData().get(key) == null) {
            return null;
        }
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    /** "status/reason" of the Ready condition, or null. */
    static String ready(ExternalSecret es) {
        if (es == null || es.getStatus() == null || es.getStatus().getConditions() == null) {
            return null;
        }
        return es.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getStatus() + "/" + c.getReason()).findFirst().orElse(null);
    }

    static String readyMessage(ExternalSecret es) {
        if (es == null || es.getStatus() == null || es.getStatus().getConditions() == null) {
            return null;
        }
        return es.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getMessage()).findFirst().orElse(null);
    }

    static List<Event> events(KubernetesClient client, String ns, String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }
}
