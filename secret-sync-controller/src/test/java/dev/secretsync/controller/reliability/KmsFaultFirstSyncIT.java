package dev.secretsync.controller.reliability;

import static dev.secretsync.controller.reliability.KmsFaults.POLL;
import static dev.secretsync.controller.reliability.KmsFaults.READ_TIMEOUT;
import static dev.secretsync.controller.reliability.KmsFaults.SLACK;
import static dev.secretsync.controller.reliability.KmsFaults.DISTINCT;
import static dev.secretsync.controller.reliability.KmsFaults.WAIT;
import static dev.secretsync.controller.reliability.KmsFaults.checkNoWrongValue;
import static dev.secretsync.controller.reliability.KmsFaults.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.secretsync.controller.Controller;
import dev.secretsync.controller.reliability.KmsFaults.Fault;
import dev.secretsync.k8s.model.ExternalSecret;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Section 1 during the first sync: for each fault a controller starts with 100 new ExternalSecrets
 * over the 50 KMS secrets while the fault is on (see {@link KmsFaults} for the scale,
 * {@code KmsFaultMatrixIT} for the steady state).
 */
class KmsFaultFirstSyncIT extends KmsFaultSuite {

    KmsFaultFirstSyncIT() {
        super("fault matrix figures (first sync)");
    }

    @Test
    @SuppressWarnings("try") // the controller only has to run
    void firstSyncSurvivesEveryFault() {
        int count = 100;
        int n = 0;
        List<String> late = new ArrayList<>();
        Map<Integer, List<String>> current = KmsFaults.only(0);
        for (Fault fault : KmsFaults.faults()) {
            String ns = "first-" + (++n);
            KmsFaults.createExternalSecrets(client, ns, count);
            kms.resetCounters();
            kms.faults().resetCounts();
            fault.on().accept(kms.faults());
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            long t0 = System.nanoTime();
            try (Controller controller = Reliability.start(client, kms, Reliability.settings(POLL, ns).build(), meters,
                    READ_TIMEOUT)) {
                await().atMost(WAIT).until(() -> System.nanoTime() - t0 >= 2 * POLL.toNanos()
                        && kms.faults().injected(fault.kind()) >= DISTINCT / 10);
                long calls = kms.requestCount("GetSecretValue");
                double intervals = (System.nanoTime() - t0) / (double) POLL.toNanos();
                long injected = kms.faults().injected(fault.kind());
                long right = checkNoWrongValue(client, ns, count, current, false);
                assertThat(KmsFaults.failedKmsCalls(meters)).as("failed calls in the metrics").isPositive();

                kms.faults().clear();
                long recovered = System.nanoTime();
                kms.resetCounters();
                await().atMost(WAIT).until(() -> KmsFaults.everySecretFetched(kms));
                double fetchedAfter = (System.nanoTime() - recovered) / 1e9;
                await().atMost(WAIT).until(() -> snapshot(client, ns).size() == count
                        && checkNoWrongValue(client, ns, count, current, true) == count);
                await().atMost(WAIT).untilAsserted(() -> assertThat(client.resources(ExternalSecret.class).inNamespace(ns)
                        .list().getItems()).allSatisfy(es -> assertThat(Reliability.ready(es)).isEqualTo("True/SecretSynced")));
                double healthyBudget = KmsFaults.healthyBudget(intervals);
                figures.add(String.format("first   | %-40s | %.1f intervals | %4d faults injected | %4d KMS calls"
                                + " (healthy budget %4.0f) | %d of %d written during the fault, every secret fetched %.1f s,"
                                + " all right %.1f s after recovery",
                        fault.name(), intervals, injected, calls, healthyBudget, right, count, fetchedAfter,
                        (System.nanoTime() - recovered) / 1e9));
                assertThat(calls).as("no retry storm during " + fault.name()).isLessThanOrEqualTo((long) (healthyBudget * fault.budgetFactor()));
                if (fetchedAfter > (POLL.plus(SLACK)).toMillis() / 1e3) {
                    late.add(fault.name() + ": every secret fetched only " + fetchedAfter + " s after recovery");
                }
            } finally {
                kms.faults().clear();
            }
        }
        assertThat(late).as("every KMS secret fetched within one polling interval (+%s) of recovery", SLACK).isEmpty();
    }
}
