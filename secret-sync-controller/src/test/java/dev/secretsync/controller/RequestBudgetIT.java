package dev.secretsync.controller;

import static dev.secretsync.controller.ControllerHarness.data;
import static dev.secretsync.controller.ControllerHarness.namespace;
import static dev.secretsync.controller.ControllerHarness.readyReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.ExternalSecret;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes API cost of the first sync and of an idle cycle, counted request by request at
 * the mock API server: ExternalSecrets over a few shared KMS secrets, created before the
 * controller starts (as after an install or a restart), synced by 4 workers.
 *
 * <p>The budget per ExternalSecret for its first sync: the finalizer (one conditional patch, no
 * read), the Secret (one create), one {@code Created} event, one status write, in this order
 * where it matters (Ready=True is written after the Secret exists). With {@code creationPolicy:
 * Orphan} and {@code deletionPolicy: Retain} deletion has nothing to do, so there is no
 * finalizer. An idle cycle costs nothing.
 */
class RequestBudgetIT extends CountingWorld {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final int BINDINGS = 20;
    static final int DISTINCT = 5;
    static final String NS = "budget";

    static final List<String> DEFAULT_BUDGET = List.of("PATCH externalsecrets", "POST secrets", "POST events",
            "PUT externalsecrets/status");
    static final List<String> ORPHAN_BUDGET = List.of("POST secrets", "POST events", "PUT externalsecrets/status");

    static boolean orphan(int b) {
        return b % 4 == 3;
    }

    @Test
    void firstSyncStaysWithinItsBudgetAndAnIdleCycleCostsNothing() {
        namespace(client, NS, java.util.Map.of());
        for (int s = 0; s < DISTINCT; s++) {
            kms.createSecret("budget-" + s, "v1", "{\"password\":\"p" + s + "\"}");
        }
        IntStream.range(0, BINDINGS).forEach(b -> ControllerHarness.apply(client, """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: es-%d, namespace: budget}
                spec:
                  target: %s
                  data:
                  - {key: budget-%d, name: password, jmesPath: [{path: password, objectAlias: password}]}
                """.formatted(b, orphan(b) ? "{creationPolicy: Orphan}" : "{}", b % DISTINCT)));

        controller = ControllerHarness.start(api.controllerClient(), kms, ControllerHarness.settings(NS)
                .reconcileCount(4).pollingInterval(Duration.ofSeconds(1)).build());
        await().atMost(WAIT).until(() -> IntStream.range(0, BINDINGS).allMatch(b -> {
            ExternalSecret es = ControllerHarness.get(client, NS, "es-" + b);
            Secret s = client.secrets().inNamespace(NS).withName("es-" + b).get();
            return ("p" + (b % DISTINCT)).equals(data(s, "password")) && "True/SecretSynced".equals(readyReason(es));
        }));
        await().atMost(WAIT).until(controller::isIdle);
        List<CountingApiServer.Call> firstSync = api.calls();
        System.out.println("first sync: " + CountingApiServer.histogram(firstSync));

        for (int b = 0; b < BINDINGS; b++) {
            String name = "es-" + b;
            List<String> mine = firstSync.stream().filter(c -> isFor(c, name))
                    .map(c -> c.method() + " " + c.kind()).toList();
            assertThat(mine).as("requests for %s", name)
                    .containsExactlyInAnyOrderElementsOf(orphan(b) ? ORPHAN_BUDGET : DEFAULT_BUDGET);
            assertThat(mine.indexOf("PUT externalsecrets/status")).as("status of %s written after its Secret", name)
                    .isGreaterThan(mine.indexOf("POST secrets"));
            assertThat(firstSync.stream().filter(c -> isFor(c, name)).allMatch(c -> c.status() < 300))
                    .as("no request for %s refused", name).isTrue();
            ExternalSecret es = ControllerHarness.get(client, NS, name);
            if (orphan(b)) {
                assertThat(es.getMetadata().getFinalizers()).as("finalizers of %s", name).isNullOrEmpty();
            } else {
                assertThat(es.getMetadata().getFinalizers()).as("finalizers of %s", name).containsExactly(Metadata.ACK_FINALIZER);
            }
            List<String> events = events(name).stream().map(Event::getReason).toList();
            assertThat(events).as("events of %s", name).containsExactly("Created");
        }
        assertThat(firstSync).as("nothing but the per-ExternalSecret requests")
                .hasSize(BINDINGS * DEFAULT_BUDGET.size() - (int) IntStream.range(0, BINDINGS).filter(RequestBudgetIT::orphan).count());

        // Idle: KMS is polled (one call per distinct secret per cycle), the API sees nothing.
        long kmsCalls = kms.requestCount("GetSecretValue", "budget-0");
        await().atMost(WAIT).until(() -> kms.requestCount("GetSecretValue", "budget-0") >= kmsCalls + 2);
        await().atMost(WAIT).until(controller::isIdle);
        List<CountingApiServer.Call> all = api.calls();
        List<CountingApiServer.Call> idle = all.subList(firstSync.size(), all.size());
        assertThat(idle).as("an idle cycle makes no Kubernetes API request").isEmpty();
    }

    List<Event> events(String esName) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> esName.equals(e.getInvolvedObject().getName())).toList();
    }

    /** Whether a request concerns ExternalSecret {@code name}: its own paths, its Secret, its events. */
    static boolean isFor(CountingApiServer.Call c, String name) {
        return c.path().endsWith("/" + name) || c.path().contains("/" + name + "/") || c.path().contains("/" + name + "?")
                || name.equals(c.name()) || (c.name() != null && c.name().startsWith(name + "."));
    }
}
