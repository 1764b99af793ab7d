package dev.secretsync.controller.cli;

import dev.secretsync.controller.Controller;
import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.controller.server.ProbeServer;
import dev.secretsync.kms.KmsStoreConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code run}: the controller, in the cluster (service account) or from a kubeconfig. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "secret-sync-controller run [OPTIONS]",
        description = "Run the controller: in the cluster, or against the cluster of a kubeconfig.")
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ControllerOptions controller = new ControllerOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--http-address", defaultValue = "0.0.0.0", description = "Address of /metrics, /healthz, /readyz (default: ${DEFAULT-VALUE}).")
    String httpAddress;

    @Option(names = "--http-port", defaultValue = "8080", description = "Port of /metrics, /healthz, /readyz (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Override
    public Integer call() throws IOException, InterruptedException {
        logging.apply(false);
        ControllerSettings settings;
        Optional<KmsStoreConfig> defaultStore;
        try {
            settings = controller.toSettings();
            defaultStore = EnvironmentCredentials.of(System.getenv()).defaultStore(settings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Config clientConfig;
        try {
            clientConfig = cluster.config();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (defaultStore.isEmpty()) {
            log.warn("No default KMS store: set --region (or ALIBABA_CLOUD_REGION_ID) and credentials in the environment "
                    + "(RRSA, ACCESS_KEY_ID/SECRET_ACCESS_KEY, or --enable-worker-role); entries without a "
                    + "secretStoreRef will fail until then");
        }
        log.info("Starting secret-sync-controller: {}", settings);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Controller.clientConfig(clientConfig))
                .build()) {
            ApiServerCheck.check(client, settings);
            return serve(client, settings, defaultStore.orElse(null));
        }
    }

    @SuppressWarnings("try") // the shutdown hook closes the controller early, on SIGTERM
    private int serve(KubernetesClient client, ControllerSettings settings, KmsStoreConfig defaultStore)
            throws IOException, InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        try (JvmGcMetrics gc = new JvmGcMetrics();
             Controller handle = Controller.create(client, settings, defaultStore, registry);
             ProbeServer server = ProbeServer.start(new InetSocketAddress(httpAddress, httpPort), registry,
                     handle::isHealthy, handle::isReady)) {
            gc.bindTo(registry);
            CountDownLatch stopped = new CountDownLatch(1);
            Thread shutdown = new Thread(() -> {
                // SIGTERM: release the lease and stop the loop before the JVM exits.
                log.info("Shutting down");
                handle.close();
                stopped.countDown();
            }, "secret-sync-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);
            handle.start();
            log.info("Serving /metrics, /healthz, /readyz on {}:{}", httpAddress, server.port());
            stopped.await();
        }
        return 0;
    }
}
