package dev.secretsync.benchmarks;

import dev.secretsync.controller.Controller;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/** The controller's side of {@code scale}: first sync, idle cycles, rotation. */
final class ScaleRun {

    private static final long POLL_MS = 20;
    /** No API request for this long means the first sync's writes are over. */
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final Duration STALL = Duration.ofSeconds(15);

    private final ScaleWorld world;
    private final KmsEmulator kms;
    private final ScaleCluster cluster;
    private final Duration interval;
    private final int cycles;
    private final Duration timeout;
    private final ScaleCommand.Progress progress;

    /** Secrets seen with a value, by "namespace/name". */
    private final Set<String> synced = ConcurrentHashMap.newKeySet();
    /** Rotations awaited: key -> {expected value, start nanos}. */
    private final Map<String, Object[]> pending = new ConcurrentHashMap<>();
    private static final String PROBE = "scale-observer-probe";
    private volatile boolean probeSeen;
    private final List<Long> rotationNanos = Collections.synchronizedList(new ArrayList<>());

    ScaleRun(ScaleWorld world, KmsEmulator kms, ScaleCluster cluster, Duration interval, int cycles, Duration timeout,
             ScaleCommand.Progress progress) {
        this.world = world;
        this.kms = kms;
        this.cluster = cluster;
        this.interval = interval;
        this.cycles = cycles;
        this.timeout = timeout;
        this.progress = progress;
    }

    void measure(Controller controller, Map<String, Object> figures) throws InterruptedException {
        // The observer's list and watch happen here, before the controller starts, so they are
        // never part of the idle window; its watch events are not requests.
        SharedIndexInformer<Secret> observer = cluster.client().secrets().inAnyNamespace().inform(new Observer(), 0);
        try {
            // The mock does not replay missed events: make sure the watch is open (a Secret created
            // now can only arrive through it) before the controller writes anything.
            cluster.client().secrets().inNamespace(ScaleWorld.namespace(0)).resource(new SecretBuilder()
                    .withNewMetadata().withName(PROBE).endMetadata().addToStringData("probe", "probe").build()).create();
            await("the observer's watch", () -> probeSeen);
            firstSync(controller, figures);
            idle(controller, figures);
            rotation(figures);
        } finally {
            observer.close();
        }
    }

    private void firstSync(Controller controller, Map<String, Object> f) throws InterruptedException {
        long kmsBefore = kms.requestCount("GetSecretValue");
        long requestsBefore = cluster.requests();
        long writesBefore = cluster.writes();
        double cpuBefore = processCpuSeconds();
        long t0 = System.nanoTime();
        controller.start();
        long[] allFetchedAt = {0};
        // A Secret that never appears (seen in small runs: the ExternalSecret reports SecretSynced, the
        // API server has no Secret) must not hang the run: after STALL without progress it is counted
        // as missing and the run goes on with the Secrets that exist.
        int[] lastCount = {-1};
        long[] lastProgress = {System.nanoTime()};
        await("first sync", () -> {
            if (allFetchedAt[0] == 0 && kms.requestCount("GetSecretValue") - kmsBefore >= world.secrets) {
                allFetchedAt[0] = System.nanoTime();
            }
            int count = synced.size();
            if (count != lastCount[0]) {
                lastCount[0] = count;
                lastProgress[0] = System.nanoTime();
            }
            return count >= world.bindings || (count > 0 && System.nanoTime() - lastProgress[0] > STALL.toNanos());
        });
        int missing = world.bindings - synced.size();
        f.put("first_sync_missing_secrets", missing);
        if (missing > 0) {
            progress.log("first sync stalled: %d Secrets never appeared (%s)", missing, missingDiagnosis());
            f.put("first_sync_s", null);
        } else {
            f.put("first_sync_s", ScaleCommand.seconds(t0));
        }
        if (allFetchedAt[0] == 0) {
            allFetchedAt[0] = System.nanoTime();
        }
        // The KMS part of the first sync: until as many calls as distinct secrets were answered.
        f.put("first_fetch_all_s", ScaleCommand.round((allFetchedAt[0] - t0) / 1e9));
        f.put("first_sync_kms_calls", kms.requestCount("GetSecretValue") - kmsBefore);
        progress.log("first sync: %d Secrets in %s s", world.bindings, f.get("first_sync_s"));
        awaitQuiet(controller);
        f.put("first_sync_settled_s", ScaleCommand.seconds(t0) - QUIET.toMillis() / 1000.0);
        f.put("first_sync_cpu_s", ScaleCommand.round(processCpuSeconds() - cpuBefore));
        f.put("first_sync_k8s_requests", cluster.requests() - requestsBefore);
        f.put("first_sync_k8s_writes", cluster.writes() - writesBefore);
        progress.log("settled (statuses written) after %s s", f.get("first_sync_settled_s"));
    }

    private void idle(Controller controller, Map<String, Object> f) throws InterruptedException {
        long kmsBefore = kms.requestCount("GetSecretValue");
        long requestsBefore = cluster.requests();
        long writesBefore = cluster.writes();
        double cpuBefore = processCpuSeconds();
        long[] perSecretBefore = perSecretCalls();
        long windowMs = interval.toMillis() * cycles;
        progress.log("idle window: %d cycles of %d ms", cycles, interval.toMillis());
        Thread.sleep(windowMs);
        long calls = kms.requestCount("GetSecretValue") - kmsBefore;
        f.put("idle_kms_calls", calls);
        // Per secret: a drifting timer (interval plus the fetch's own time) can slip one call out of the window.
        long[] perSecretAfter = perSecretCalls();
        long fetched = 0;
        long most = 0;
        long perCycle = 0;
        for (int s = 0; s < world.secrets; s++) {
            long n = perSecretAfter[s] - perSecretBefore[s];
            perCycle += Math.round((double) n / cycles); // each secret's own calls per cycle
            fetched += n > 0 ? 1 : 0;
            most = Math.max(most, n);
        }
        f.put("kms_calls_per_cycle", perCycle);
        f.put("idle_secrets_fetched", fetched);
        f.put("idle_max_calls_per_secret_per_cycle", ScaleCommand.round((double) most / cycles));
        f.put("idle_k8s_requests_per_cycle", ScaleCommand.round((double) (cluster.requests() - requestsBefore) / cycles));
        f.put("idle_k8s_writes_per_cycle", ScaleCommand.round((double) (cluster.writes() - writesBefore) / cycles));
        f.put("cpu_s_per_idle_cycle", ScaleCommand.round((processCpuSeconds() - cpuBefore) / cycles));
        f.put("controller_idle_after_window", controller.isIdle());
    }

    private long[] perSecretCalls() {
        long[] calls = new long[world.secrets];
        for (int s = 0; s < world.secrets; s++) {
            calls[s] = kms.requestCount("GetSecretValue", ScaleWorld.secretName(s));
        }
        return calls;
    }

    private void rotation(Map<String, Object> f) throws InterruptedException {
        int rotated = Math.max(1, world.secrets / 100);
        int step = world.secrets / rotated;
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < rotated; i++) {
            chosen.add(i * step);
        }
        int expected = 0;
        for (int s : chosen) {
            String newValue = ScaleWorld.value(s, "r1");
            long start = System.nanoTime();
            for (int b = s; b < world.bindings; b += world.secrets) {
                if (!synced.contains(ScaleWorld.key(b))) {
                    continue; // never created: see first_sync_missing_secrets
                }
                pending.put(ScaleWorld.key(b), new Object[] {newValue, start});
                expected++;
            }
            kms.rotate(ScaleWorld.secretName(s), newValue);
        }
        progress.log("rotated %d secrets (%d Secrets to update)", rotated, expected);
        long bound = interval.toMillis() * 11 / 10 + 30_000;
        long deadline = System.nanoTime() + Duration.ofMillis(bound).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MS);
        }
        List<Long> latencies;
        synchronized (rotationNanos) {
            latencies = new ArrayList<>(rotationNanos);
        }
        Collections.sort(latencies);
        f.put("rotation_secrets", rotated);
        f.put("rotation_secrets_expected", expected);
        f.put("rotation_observed", latencies.size());
        f.put("rotation_p50_ms", percentileMs(latencies, 0.50));
        f.put("rotation_p99_ms", percentileMs(latencies, 0.99));
        f.put("rotation_max_ms", percentileMs(latencies, 1.0));
    }

    private static Object percentileMs(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return ScaleCommand.round(sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6);
    }

    private void awaitQuiet(Controller controller) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = cluster.requests();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(POLL_MS * 5);
            long now = cluster.requests();
            if (now != last || !controller.isIdle()) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= QUIET.toNanos()) {
                return;
            }
        }
        throw new IllegalStateException("the controller did not settle within " + timeout);
    }

    private void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not finish within " + timeout + " (" + synced.size()
                        + " of " + world.bindings + " Secrets seen; " + missingDiagnosis() + ")");
            }
            if (System.nanoTime() > nextReport) {
                progress.log("%s: %d of %d Secrets", what, synced.size(), world.bindings);
                nextReport += 10_000_000_000L;
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** Which Secrets were not seen, and whether the API server has them (the watch missed them) or not. */
    private String missingDiagnosis() {
        List<String> missing = new ArrayList<>();
        for (int b = 0; b < world.bindings && missing.size() < 5; b++) {
            if (!synced.contains(ScaleWorld.key(b))) {
                Secret s = cluster.client().secrets().inNamespace(ScaleWorld.namespace(b)).withName(ScaleWorld.bindingName(b)).get();
                var es = cluster.client().resources(dev.secretsync.k8s.model.ExternalSecret.class)
                        .inNamespace(ScaleWorld.namespace(b)).withName(ScaleWorld.bindingName(b)).get();
                String status = es == null || es.getStatus() == null || es.getStatus().getConditions() == null ? "no status"
                        : es.getStatus().getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + "/"
                                + c.getReason()).toList().toString();
                missing.add(ScaleWorld.key(b) + (s == null ? " absent" : " present in the API server")
                        + ", ExternalSecret " + status + " finalizers " + (es == null ? null : es.getMetadata().getFinalizers()));
            }
        }
        return "not seen: " + missing;
    }

    static double processCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private final class Observer implements ResourceEventHandler<Secret> {
        @Override
        public void onAdd(Secret secret) {
            seen(secret);
        }

        @Override
        public void onUpdate(Secret old, Secret secret) {
            seen(secret);
        }

        @Override
        public void onDelete(Secret secret, boolean unknownFinalStateUnknown) {
        }

        private void seen(Secret secret) {
            long now = System.nanoTime();
            if (PROBE.equals(secret.getMetadata().getName())) {
                probeSeen = true;
            }
            if (secret.getData() == null || secret.getData().get("value") == null) {
                return;
            }
            String key = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
            synced.add(key);
            Object[] awaited = pending.get(key);
            if (awaited != null) {
                String value = new String(Base64.getDecoder().decode(secret.getData().get("value")), StandardCharsets.UTF_8);
                if (value.equals(awaited[0]) && pending.remove(key) != null) {
                    rotationNanos.add(now - (long) awaited[1]);
                }
            }
        }
    }
}
