package dev.secretsync.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.controller.Controller;
import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsStoreConfig;
import dev.secretsync.testkit.Faults;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scale}: N ExternalSecrets over M distinct KMS secrets, the real controller between the KMS
 * emulator (real SDK, QPS limit on) and a Kubernetes API stand-in ({@link ScaleCluster}), then a
 * baseline model of the per-resource approach on the same emulator and stand-in. Everything runs in
 * this JVM.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "The controller at scale against the KMS emulator and a Kubernetes API stand-in, "
                + "with a baseline model of the per-resource approach. The last stdout line is JSON.")
final class ScaleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bindings", defaultValue = "10000", description = "ExternalSecrets (default: ${DEFAULT-VALUE}).")
    int bindings;

    @Option(names = "--secrets", defaultValue = "2000", description = "Distinct KMS secrets (default: ${DEFAULT-VALUE}).")
    int secrets;

    @Option(names = "--cycles", defaultValue = "3", description = "Idle polling cycles measured (default: ${DEFAULT-VALUE}).")
    int cycles;

    @Option(names = "--kms-qps", defaultValue = "450",
            description = "KMS quota: the emulator's QPS limit and the controller's pull rate (default: ${DEFAULT-VALUE}).")
    int kmsQps;

    @Option(names = "--interval", defaultValue = "30s", converter = DurationConverter.class,
            description = "Polling interval (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--workers", defaultValue = "4", description = "Controller reconcile workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--baseline-sample", defaultValue = "200",
            description = "Resources the baseline model runs for; its cycle is extrapolated to all bindings "
                    + "(default: ${DEFAULT-VALUE}).")
    int baselineSample;

    @Option(names = "--baseline-pulls-per-second", defaultValue = "10",
            description = "The baseline's token bucket (ack-secret-manager's default, burst 1; default: ${DEFAULT-VALUE}).")
    double baselinePullsPerSecond;

    @Option(names = "--api-server", defaultValue = "indexed",
            description = "The Kubernetes API stand-in: indexed or crud-mock (fabric8's mock server; slow beyond "
                    + "a few thousand bindings) (default: ${DEFAULT-VALUE}).")
    String apiServer;

    @Option(names = "--log-api-requests", description = "Print every API request line to stderr.")
    boolean logApiRequests;

    @Option(names = "--timeout", defaultValue = "20m", converter = DurationConverter.class,
            description = "Upper bound of every wait (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    private static final Duration COLLECT_WAIT = Duration.ofSeconds(60);

    private WeakReference<Controller> closedController = new WeakReference<>(null);

    static final String ACCESS_KEY_ID = "scale-access-key-id";
    static final String ACCESS_KEY_SECRET = "scale-access-key-secret";

    @Override
    @SuppressWarnings("try") // ScaleCluster.close() may be interrupted; the run ends then anyway
    public Integer call() throws Exception {
        if (bindings < 1 || secrets < 1 || secrets > bindings || cycles < 1 || kmsQps < 1 || workers < 1
                || baselineSample < 1 || baselinePullsPerSecond <= 0) {
            spec.commandLine().getErr().println("scale: need 1 <= secrets <= bindings and positive counts");
            return 2;
        }
        ScaleCluster.Kind apiKind;
        try {
            apiKind = ScaleCluster.Kind.parse(apiServer);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("scale: --api-server is indexed or crud-mock, not " + apiServer);
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "scale");
        figures.put("nproc", Runtime.getRuntime().availableProcessors());
        figures.put("jdk", Runtime.version().toString());
        figures.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        figures.put("bindings", bindings);
        figures.put("distinct_secrets", secrets);
        figures.put("kms_qps", kmsQps);
        figures.put("interval_s", interval.toMillis() / 1000.0);
        figures.put("cycles", cycles);
        figures.put("workers", workers);
        figures.put("api_server", apiKind.label());

        try (KmsEmulator kms = KmsEmulator.builder().accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET).build().start();
             ScaleCluster cluster = ScaleCluster.start(apiKind, logApiRequests)) {
            ScaleWorld world = new ScaleWorld(bindings, secrets);
            long t0 = System.nanoTime();
            world.seed(kms, cluster.client());
            progress("seeded %d secrets and %d ExternalSecrets in %.1f s", secrets, bindings, seconds(t0));
            kms.faults().qpsLimit(kmsQps);

            ScaleRun run = new ScaleRun(world, kms, cluster, interval, cycles, timeout, this::progress);
            long heapBefore = ScaleRun.heapAfterGc();
            long heapWithController = runController(run, kms, cluster, figures);
            // Once the closed controller is unreachable, what the stand-in stored meanwhile (Secrets,
            // statuses, events) is still there, so the difference is what the controller itself held.
            // Its threads stop asynchronously after close(): wait (bounded) until it has been collected.
            long heapAfterController = ScaleRun.heapAfterGc();
            long collectDeadline = System.nanoTime() + COLLECT_WAIT.toNanos();
            while (closedController.get() != null && System.nanoTime() < collectDeadline) {
                Thread.sleep(500);
                heapAfterController = ScaleRun.heapAfterGc();
            }
            boolean collected = closedController.get() == null;
            figures.put("controller_collected_after_close", collected);
            figures.put("heap_mib", collected ? mib(heapWithController - heapAfterController) : null);
            figures.put("heap_upper_bound_mib", mib(heapWithController - heapBefore));
            figures.put("process_heap_mib", mib(heapWithController));
            figures.put("heap_without_controller_mib", mib(heapAfterController));
            figures.put("heap_before_controller_mib", mib(heapBefore));
            figures.put("kms_throttled_total", kms.faults().injected(Faults.Kind.THROTTLED));

            BaselineModel baseline = new BaselineModel(world, kms, cluster, baselinePullsPerSecond, this::progress);
            baseline.measure(Math.min(baselineSample, bindings), interval, figures);
        }
        figures.put("process_cpu_s", round(ScaleRun.processCpuSeconds()));
        ratios(figures);
        out.println(new ObjectMapper().writeValueAsString(figures));
        out.flush();
        return 0;
    }

    /** Runs the controller through the phases; returns the heap used after GC while it still runs. */
    private long runController(ScaleRun run, KmsEmulator kms, ScaleCluster cluster, Map<String, Object> figures)
            throws Exception {
        ControllerSettings settings = ControllerSettings.builder()
                .region("cn-hangzhou")
                .pollingInterval(interval)
                .jitter(0)
                .maxKmsPullsPerSecond(kmsQps)
                .reconcileCount(workers)
                .leaderElection(false)
                .allowLoopbackEndpoints(true)
                .build();
        KubernetesClient controllerClient = cluster.newClient();
        Controller controller = Controller.builder(controllerClient, settings, new SimpleMeterRegistry())
                .defaultStore(store(kms))
                .storeCustomizer(b -> b.endpoint(kms.endpoint()).protocol(KmsStoreConfig.Protocol.HTTP))
                .build();
        closedController = new WeakReference<>(controller);
        try {
            run.measure(controller, figures);
            return ScaleRun.heapAfterGc();
        } finally {
            controller.close();
            controllerClient.close();
        }
    }

    private static void ratios(Map<String, Object> f) {
        f.put("first_sync_quota_floor_s", round((double) (int) f.get("distinct_secrets") / (int) f.get("kms_qps")));
        f.put("first_sync_vs_floor", ratio(f.get("first_sync_s"), f.get("first_sync_quota_floor_s")));
        f.put("baseline_first_sync_ratio", ratio(f.get("baseline_first_sync_s"), f.get("first_sync_s")));
        f.put("baseline_kms_calls_ratio", ratio(f.get("baseline_kms_calls_per_cycle"), f.get("kms_calls_per_cycle")));
    }

    private static Object ratio(Object a, Object b) {
        if (!(a instanceof Number x) || !(b instanceof Number y) || y.doubleValue() == 0) {
            return null;
        }
        return round(x.doubleValue() / y.doubleValue());
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static double seconds(long startNanos) {
        return round((System.nanoTime() - startNanos) / 1e9);
    }

    private static double mib(long bytes) {
        return round(bytes / (1024.0 * 1024.0));
    }

    private static KmsStoreConfig store(KmsEmulator kms) {
        return KmsStoreConfig.builder().region("cn-hangzhou").endpoint(kms.endpoint())
                .protocol(KmsStoreConfig.Protocol.HTTP).allowLoopbackEndpoint(true)
                .readTimeout(Duration.ofSeconds(10)).auth(KmsAuth.accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET)).build();
    }

    private void progress(String format, Object... args) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("scale: " + String.format(java.util.Locale.ROOT, format, args));
        err.flush();
    }

    /** Progress lines on stderr, so stdout keeps the figures. */
    @FunctionalInterface
    interface Progress {
        void log(String format, Object... args);
    }
}
