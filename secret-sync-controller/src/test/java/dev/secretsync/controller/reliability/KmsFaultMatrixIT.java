package dev.secretsync.controller.reliability;

import static dev.secretsync.controller.reliability.KmsFaults.DISTINCT;
import static dev.secretsync.controller.reliability.KmsFaults.POLL;
import static dev.secretsync.controller.reliability.KmsFaults.READ_TIMEOUT;
import static dev.secretsync.controller.reliability.KmsFaults.SLACK;
import static dev.secretsync.controller.reliability.KmsFaults.WAIT;
import static dev.secretsync.controller.reliability.KmsFaults.checkNoWrongValue;
import static dev.secretsync.controller.reliability.KmsFaults.snapshot;
import static dev.secretsync.controller.reliability.KmsFaults.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.secretsync.controller.Controller;
import dev.secretsync.controller.reliability.KmsFaults.Fault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Section 1 in steady state: 1,000 ExternalSecrets over 50 distinct KMS secrets; every KMS secret
 * rotates while each fault is on (see {@link KmsFaults} for the scale, {@code KmsFaultFirstSyncIT}
 * for the first sync).
 */
class KmsFaultMatrixIT extends KmsFaultSuite {

    KmsFaultMatrixIT() {
        super("fault matrix figures (steady state)");
    }

    @Test
    void steadyStateSurvivesEveryFault() {
        String ns = "steady";
        int count = 1000;
        KmsFaults.createExternalSecrets(client, ns, count);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<String> late = new ArrayList<>();
        try (Controller controller = Reliability.start(client, kms, Reliability.settings(POLL, ns).build(), meters,
                READ_TIMEOUT)) {
            await().atMost(WAIT).until(() -> checkNoWrongValue(client, ns, count, KmsFaults.only(0), false) == count
                    && snapshot(client, ns).size() == count);
            int round = 0;
            for (Fault fault : KmsFaults.faults()) {
                round++;
                kms.resetCounters();
                kms.faults().resetCounts();
                long failedBefore = KmsFaults.failedKmsCalls(meters);
                long t0 = System.nanoTime();
                fault.on().accept(kms.faults());
                // Every secret rotates while the fault is on: each Secret must move to the new value after recovery.
                Map<Integer, List<String>> ok = new HashMap<>();
                for (int s = 0; s < DISTINCT; s++) {
                    ok.put(s, List.of(value(round - 1, s), value(round, s)));
                    kms.rotate("s-" + s, value(round, s));
                }
                // The fault lasts two polling intervals and hits at least a cycle's worth of calls.
                await().atMost(WAIT).until(() -> System.nanoTime() - t0 >= 2 * POLL.toNanos()
                        && kms.faults().injected(fault.kind()) >= DISTINCT / 10);
                long calls = kms.requestCount("GetSecretValue");
                double intervals = (System.nanoTime() - t0) / (double) POLL.toNanos();
                long injected = kms.faults().injected(fault.kind());
                checkNoWrongValue(client, ns, count, ok, true);
                // Status and metrics show the reason.
                assertThat(KmsFaults.failedKmsCalls(meters)).as("failed KMS calls counted in the metrics").isGreaterThan(failedBefore);
                assertThat(KmsFaults.statusMentionsFailure(client, ns)).as("some status shows the failure").isTrue();

                kms.faults().clear();
                long recovered = System.nanoTime();
                kms.resetCounters();
                await().atMost(WAIT).until(() -> KmsFaults.everySecretFetched(kms));
                double fetchedAfter = (System.nanoTime() - recovered) / 1e9;
                String prefix = "r" + round + "-";
                await().atMost(WAIT).until(() -> checkNoWrongValue(client, ns, count, ok, true) == count
                        && snapshot(client, ns).values().stream().allMatch(v -> v.startsWith(prefix)));
                double healthyBudget = KmsFaults.healthyBudget(intervals);
                figures.add(String.format("steady  | %-40s | %.1f intervals | %4d faults injected | %4d KMS calls"
                                + " (healthy budget %4.0f) | every secret fetched %.1f s, all %d Secrets right %.1f s after recovery",
                        fault.name(), intervals, injected, calls, healthyBudget, fetchedAfter, count,
                        (System.nanoTime() - recovered) / 1e9));
                assertThat(calls).as("no retry storm during " + fault.name()).isLessThanOrEqualTo((long) (healthyBudget * fault.budgetFactor()));
                if (fetchedAfter > (POLL.plus(SLACK)).toMillis() / 1e3) {
                    late.add(fault.name() + ": every secret fetched only " + fetchedAfter + " s after recovery");
                }
            }
            assertThat(controller.isHealthy()).isTrue();
        }
        assertThat(late).as("every KMS secret fetched within one polling interval (+%s) of recovery", SLACK).isEmpty();
    }
}
