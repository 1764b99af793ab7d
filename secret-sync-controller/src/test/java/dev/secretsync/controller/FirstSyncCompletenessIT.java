package dev.secretsync.controller;

import static dev.secretsync.controller.ControllerHarness.namespace;
import static dev.secretsync.controller.ControllerHarness.readyReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The first sync creates every Secret, and an ExternalSecret reads Ready=True only once its Secret
 * exists: 50 ExternalSecrets over 10 shared KMS secrets, 4 workers, and a polling interval of an
 * hour, so no periodic refresh can repair a binding that the first sync missed. (A binding waiting
 * for a shared secret's first fetch could be skipped when another binding of that secret
 * registered just as the fetch completed; its ExternalSecret still said SecretSynced.)
 */
class FirstSyncCompletenessIT extends CountingWorld {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final int BINDINGS = 50;
    static final int DISTINCT = 10;

    @RepeatedTest(3)
    void everyReadyExternalSecretHasItsSecret() {
        namespace(client, "complete", Map.of());
        for (int s = 0; s < DISTINCT; s++) {
            kms.createSecret("complete-" + s, "v1", "{\"password\":\"p" + s + "\"}");
        }
        IntStream.range(0, BINDINGS).forEach(b -> ControllerHarness.apply(client, """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: es-%d, namespace: complete}
                spec:
                  data:
                  - {key: complete-%d, name: password, jmesPath: [{path: password, objectAlias: password}]}
                """.formatted(b, b % DISTINCT)));
        controller = ControllerHarness.start(api.controllerClient(), kms, ControllerHarness.settings("complete")
                .reconcileCount(4).pollingInterval(Duration.ofHours(1)).build());
        await().atMost(WAIT).until(() -> IntStream.range(0, BINDINGS).allMatch(b ->
                "True/SecretSynced".equals(readyReason(ControllerHarness.get(client, "complete", "es-" + b)))));
        await().atMost(WAIT).until(controller::isIdle);
        List<String> missing = IntStream.range(0, BINDINGS).mapToObj(b -> "es-" + b)
                .filter(n -> client.secrets().inNamespace("complete").withName(n).get() == null).toList();
        assertThat(missing).as("Secrets of Ready ExternalSecrets").isEmpty();
        for (int b = 0; b < BINDINGS; b++) {
            String name = "es-" + b;
            List<String> order = api.calls().stream().filter(c -> RequestBudgetIT.isFor(c, name))
                    .map(c -> c.method() + " " + c.kind()).toList();
            assertThat(order.indexOf("POST secrets")).as("%s: Secret created before its status was written", name)
                    .isGreaterThanOrEqualTo(0).isLessThan(order.indexOf("PUT externalsecrets/status"));
        }
    }
}
