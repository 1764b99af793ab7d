package dev.secretsync.controller.reliability;

import static dev.secretsync.controller.reliability.Reliability.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.secretsync.controller.Controller;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Section 2: the real controller against an API stand-in that injects 409 conflicts, 500s, watch
 * disconnects and a restart with a fresh watch cache, while every KMS secret rotates. 200
 * ExternalSecrets over 10 KMS secrets, a polling interval of 3 s.
 *
 * <p>After each fault, checked: every Secret holds the new value (no lost update); the API applied
 * exactly one write to each Secret for the rotation - failed writes are retried, a write is never
 * repeated once applied (no duplicate write), and never made from an outdated cache (the API
 * refuses none by itself); then a full polling cycle with nothing to do makes
 * no write at all.
 */
class KubernetesFaultIT {

    static final int COUNT = 200;
    static final int DISTINCT = 10;
    static final String NS = "k8s-faults";
    static final Duration POLL = Duration.ofSeconds(3);
    static final Duration WAIT = Duration.ofSeconds(60);
    /** fabric8's informers of the controller: ExternalSecret, SecretStore, ClusterSecretStore, ClusterExternalSecret, Secret, ServiceAccount, Namespace. */
    static final int INFORMERS = 7;

    static FaultyApiServer api;
    static KubernetesClient client;
    static KmsEmulator kms;
    static final List<String> FIGURES = new ArrayList<>();

    @BeforeAll
    static void start() {
        api = FaultyApiServer.start();
        client = api.client();
        kms = Reliability.emulator();
        for (int s = 0; s < DISTINCT; s++) {
            kms.createSecret("s-" + s, "v0", value(0, s));
        }
    }

    @AfterAll
    static void stop() {
        kms.close();
        api.close();
        System.out.println("Kubernetes fault figures:");
        FIGURES.forEach(f -> System.out.println("  " + f));
    }

    static String value(int round, int s) {
        return "r" + round + "-s" + s;
    }

    /** A fault: how it starts, and what happens (and is checked) while it lasts. */
    record Fault(String name, FaultAction during) {
    }

    interface FaultAction {
        /** Turns the fault on, calls {@code rotate} (every KMS secret to {@code round}) and lasts; returns a note. */
        String run(int round, Runnable rotate);
    }

    @Test
    void convergesWithoutLostOrDuplicateWrites() {
        Reliability.createExternalSecrets(client, NS, COUNT, DISTINCT);
        FaultyApiServer.Counts counts = api.counts();
        KubernetesClient controllerClient = api.newClient("controller");
        try (Controller controller = Reliability.start(controllerClient, kms, Reliability.settings(POLL, NS).build(),
                new SimpleMeterRegistry(), Duration.ofSeconds(2))) {
            long t0 = System.nanoTime();
            awaitConverged(controller, 0);
            assertOneWritePerSecret("first sync");
            FIGURES.add(String.format("first sync: %d Secrets created with %d writes, %d status writes, all right and"
                    + " Ready %.1f s after start", COUNT, counts.secretWritesApplied(), counts.statusWrites.sum(),
                    (System.nanoTime() - t0) / 1e9));
            idleCycleWritesNothing(controller, "first sync");

            int round = 0;
            for (Fault fault : faults()) {
                round++;
                counts.reset();
                kms.resetCounters();
                int r = round;
                String note = fault.during().run(round, () -> {
                    for (int s = 0; s < DISTINCT; s++) {
                        kms.rotate("s-" + s, value(r, s));
                    }
                });
                api.faults().clear();
                long recovered = System.nanoTime();
                awaitConverged(controller, round);
                double convergedAfter = (System.nanoTime() - recovered) / 1e9;
                long applied = counts.secretWritesApplied();
                long failed = counts.secretWritesFailed();
                assertOneWritePerSecret(fault.name());
                assertThat(counts.secretWritesRealFailures.sum()).as("Secret writes the API itself refused (a stale"
                        + " resourceVersion: written from an outdated cache) during " + fault.name()).isZero();
                FIGURES.add(String.format("%-28s | %4d 409s, %4d 500s injected | %3d watches closed, %2d 410 Gone,"
                                + " %3d lists | Secret writes: %d applied, %d refused (%d by the API itself)"
                                + " | status writes %d (%d Ready=False) | all right %.1f s after the fault | %s",
                        fault.name(), counts.conflictsInjected.sum(), counts.errorsInjected.sum(),
                        counts.watchesClosed.sum(), counts.goneSent.sum(), counts.lists.sum(), applied, failed,
                        counts.secretWritesRealFailures.sum(), counts.statusWrites.sum(),
                        counts.statusWritesNotReady.sum(), convergedAfter, note));
                idleCycleWritesNothing(controller, fault.name());
            }
            assertThat(controller.isHealthy()).isTrue();
        }
    }

    List<Fault> faults() {
        FaultyApiServer.Counts counts = api.counts();
        return List.of(
                new Fault("409 on 30% of writes", (round, rotate) -> {
                    api.faults().conflicts(0.3);
                    rotate.run();
                    long t0 = System.nanoTime();
                    await().atMost(WAIT).until(() -> System.nanoTime() - t0 >= POLL.toNanos()
                            && counts.conflictsInjected.sum() >= COUNT / 10);
                    return "";
                }),
                new Fault("500 on writes, then 30% of all", (round, rotate) -> {
                    // Every Secret write refused: each ExternalSecret must say so, and keep its old value.
                    api.faults().refuseSecretWrites(true);
                    rotate.run();
                    await().atMost(WAIT).until(() -> everyStatusIs("False/SecretSyncedError"));
                    assertThat(snapshot().values()).as("refused writes leave the old values")
                            .allMatch(v -> v.startsWith("r" + (round - 1) + "-"));
                    long refused = counts.errorsInjected.sum();
                    api.faults().refuseSecretWrites(false).errors(0.3);
                    long t0 = System.nanoTime();
                    await().atMost(WAIT).until(() -> System.nanoTime() - t0 >= POLL.toNanos()
                            && counts.errorsInjected.sum() >= refused + COUNT / 10);
                    return "every status read Ready=False/SecretSyncedError while Secret writes were refused ("
                            + refused + " refusals)";
                }),
                new Fault("watch disconnects (3 times)", (round, rotate) -> {
                    rotate.run();
                    int closed = 0;
                    for (int i = 0; i < 3; i++) {
                        long opened = counts.watchesOpened.sum();
                        closed += api.closeWatches();
                        // fabric8's informers watch again (each of them).
                        await().atMost(WAIT).until(() -> counts.watchesOpened.sum() >= opened + INFORMERS);
                    }
                    assertThat(closed).as("watches closed").isGreaterThanOrEqualTo(3 * INFORMERS);
                    return "";
                }),
                new Fault("API restart, fresh watch cache", (round, rotate) -> {
                    api.stop();
                    rotate.run();
                    // While the API is down every KMS secret is refreshed again: its writes cannot land.
                    await().atMost(WAIT).until(() -> everySecretFetched(1));
                    api.startAgain();
                    // Every informer's watch is too old for the new server (410 Gone): each lists again.
                    await().atMost(WAIT).until(() -> counts.lists.sum() >= INFORMERS);
                    return "";
                }));
    }

    /** Every Secret holds the value of {@code round} and every status says so; the controller has nothing left to do. */
    void awaitConverged(Controller controller, int round) {
        await().atMost(WAIT).until(() -> {
            Map<String, String> snap = snapshot();
            for (int i = 0; i < COUNT; i++) {
                if (!value(round, i % DISTINCT).equals(snap.get("es-" + i))) {
                    return false;
                }
            }
            return true;
        });
        await().atMost(WAIT).until(() -> everyStatusIs("True/SecretSynced") && controller.isIdle());
    }

    /** Exactly one write applied to each Secret since the counts were reset (a retry only follows a refused write). */
    static void assertOneWritePerSecret(String phase) {
        Map<String, AtomicInteger> applied = api.counts().secretWritesApplied;
        for (int i = 0; i < COUNT; i++) {
            AtomicInteger n = applied.get(NS + "/es-" + i);
            assertThat(n == null ? 0 : n.get()).as("writes applied to Secret es-%d (%s)", i, phase).isEqualTo(1);
        }
    }

    /** A full polling cycle (every KMS secret fetched again) with nothing changed makes no write at all. */
    static void idleCycleWritesNothing(Controller controller, String phase) {
        api.counts().reset();
        kms.resetCounters();
        await().atMost(WAIT).until(() -> everySecretFetched(1) && controller.isIdle());
        assertThat(api.counts().writes.sum()).as("API writes in an idle cycle after " + phase).isZero();
    }

    static boolean everySecretFetched(int times) {
        for (int s = 0; s < DISTINCT; s++) {
            if (kms.requestCount("GetSecretValue", "s-" + s) < times) {
                return false;
            }
        }
        return true;
    }

    static boolean everyStatusIs(String ready) {
        List<ExternalSecret> all = client.resources(ExternalSecret.class).inNamespace(NS).list().getItems();
        return all.size() == COUNT && all.stream().allMatch(es -> ready.equals(Reliability.ready(es)));
    }

    static Map<String, String> snapshot() {
        Map<String, String> m = new HashMap<>();
        for (Secret s : client.secrets().inNamespace(NS).list().getItems()) {
            m.put(s.getMetadata().getName(), data(s, "v"));
        }
        return m;
    }
}
