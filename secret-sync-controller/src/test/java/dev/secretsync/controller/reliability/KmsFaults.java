package dev.secretsync.controller.reliability;

import static dev.secretsync.controller.reliability.Reliability.data;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.testkit.Faults;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the KMS fault ITs share, scaled to run in CI: 50 distinct KMS secrets, a polling interval of
 * 4 s and fault windows of two intervals (instead of minutes). Each IT keeps its own mock API
 * server (one server for both was overloaded), so everything here takes the client and emulator.
 */
final class KmsFaults {

    static final int DISTINCT = 50;
    static final Duration POLL = Duration.ofSeconds(4);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    static final Duration WAIT = Duration.ofSeconds(120);
    /** Margin on "within one polling interval" for a loaded 2-core CI machine. */
    static final Duration SLACK = Duration.ofSeconds(3);

    private KmsFaults() {
    }

    /**
     * A fault, and how many KMS calls it may cost relative to healthy polling: a total outage must
     * cost no more than healthy cycles; faults that let some calls through may add the engine's
     * bounded retries (capped by the refresh interval).
     */
    record Fault(String name, Faults.Kind kind, Consumer<Faults> on, double budgetFactor) {
    }

    static List<Fault> faults() {
        return List.of(
                new Fault("429 storm (QPS limit at half the steady rate)", Faults.Kind.THROTTLED, f -> f.qpsLimit(DISTINCT / 8), 2.0),
                new Fault("503 bursts", Faults.Kind.SERVER_ERROR, f -> f.failNext(3 * DISTINCT, 503), 2.0),
                new Fault("latency 1.5 s > 1 s client timeout", Faults.Kind.LATENCY, f -> f.latency(Duration.ofMillis(1500)), 2.0),
                new Fault("connection resets (50%)", Faults.Kind.CONNECTION_RESET, f -> f.resetShare(0.5), 2.0),
                new Fault("total outage", Faults.Kind.OUTAGE, f -> f.outageFor(Duration.ofHours(1)), 1.0));
    }

    /** An emulator holding s-0 .. s-49 at round 0. */
    static KmsEmulator emulatorWithSecrets() {
        KmsEmulator kms = Reliability.emulator();
        for (int s = 0; s < DISTINCT; s++) {
            kms.createSecret("s-" + s, "v0", value(0, s));
        }
        return kms;
    }

    static String value(int round, int s) {
        return "r" + round + "-s" + s;
    }

    /** ExternalSecrets es-0 .. es-(count-1) in {@code ns}, each reading key v from KMS secret s-(i mod 50). */
    static void createExternalSecrets(KubernetesClient client, String ns, int count) {
        Reliability.createExternalSecrets(client, ns, count, DISTINCT);
    }

    /** Secret name -> value of key v (null if the Secret or the key is missing). */
    static Map<String, String> snapshot(KubernetesClient client, String ns) {
        Map<String, String> m = new HashMap<>();
        for (Secret s : client.secrets().inNamespace(ns).list().getItems()) {
            m.put(s.getMetadata().getName(), data(s, "v"));
        }
        return m;
    }

    /**
     * Every Secret present holds one of the allowed values of its KMS secret (the last is the
     * newest); returns how many hold the newest.
     */
    static long checkNoWrongValue(KubernetesClient client, String ns, int count, Map<Integer, List<String>> allowed,
                                  boolean mustExist) {
        Map<String, String> snap = snapshot(client, ns);
        long newest = 0;
        for (int i = 0; i < count; i++) {
            String v = snap.get("es-" + i);
            List<String> ok = allowed.get(i % DISTINCT);
            if (v == null && !mustExist && !snap.containsKey("es-" + i)) {
                continue;
            }
            assertThat(v).as("Secret es-%d", i).isIn(ok);
            if (v.equals(ok.get(ok.size() - 1))) {
                newest++;
            }
        }
        return newest;
    }

    /** KMS secret index -> the one value it holds in {@code round}. */
    static Map<Integer, List<String>> only(int round) {
        Map<Integer, List<String>> m = new HashMap<>();
        for (int s = 0; s < DISTINCT; s++) {
            m.put(s, List.of(value(round, s)));
        }
        return m;
    }

    static long failedKmsCalls(SimpleMeterRegistry meters) {
        return meters.find("secretsync.provider.api.calls").counters().stream()
                .filter(c -> !"success".equals(c.getId().getTag("status"))).mapToLong(c -> (long) c.count()).sum();
    }

    /** True if some ExternalSecret reports a failed or stale key, or Ready=False. */
    static boolean statusMentionsFailure(KubernetesClient client, String ns) {
        return client.resources(ExternalSecret.class).inNamespace(ns).list().getItems().stream()
                .filter(es -> es.getStatus() != null)
                .anyMatch(es -> (es.getStatus().getDataSyncResults() != null && es.getStatus().getDataSyncResults()
                        .stream().anyMatch(d -> !"Succeeded".equals(d.getStatus()) && d.getReason() != null
                                && !d.getReason().isBlank()))
                        || "False".equals(String.valueOf(Reliability.ready(es)).split("/")[0]));
    }

    /** Every KMS secret was asked for since the emulator's counters were reset. */
    static boolean everySecretFetched(KmsEmulator kms) {
        for (int s = 0; s < DISTINCT; s++) {
            if (kms.requestCount("GetSecretValue", "s-" + s) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The healthy budget for a window of {@code intervals}: one call per secret per started interval, plus one interval. */
    static double healthyBudget(double intervals) {
        return DISTINCT * Math.ceil(intervals + 1);
    }
}
