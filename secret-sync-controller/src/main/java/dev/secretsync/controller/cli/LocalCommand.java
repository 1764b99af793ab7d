package dev.secretsync.controller.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code local}: the one-command demo. Options only: the work is in {@link LocalDemo}, so that
 * picocli's reflection over this class loads none of the stand-ins.
 */
@Command(name = "local", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "secret-sync-controller local [--once] [OPTIONS]",
        description = {"One-command demo, no cloud account and no cluster: an in-process KMS emulator seeded from "
                + "examples/local, an in-process Kubernetes API stand-in (127.0.0.1), and the real controller "
                + "between them. Applies the example manifests, prints a table of ExternalSecrets and their Secrets "
                + "(never values), rotates a secret in KMS and shows the change arrive. Ctrl-C stops."})
final class LocalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "examples/local", paramLabel = "DIR",
            description = "The demo: DIR/kms-seed.yaml and DIR/manifests (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--once", description = "Exit after the first full sync.")
    boolean once;

    @Option(names = "--rotate", defaultValue = "demo/db", paramLabel = "SECRET",
            description = "The KMS secret to rotate (default: ${DEFAULT-VALUE}).")
    String rotate;

    @Option(names = "--rotate-after", defaultValue = "3s", converter = ControllerOptions.GoDurationConverter.class,
            description = "Wait before rotating (default: ${DEFAULT-VALUE}).")
    Duration rotateAfter;

    @Option(names = "--timeout", defaultValue = "60s", converter = ControllerOptions.GoDurationConverter.class,
            description = "Give up waiting for a sync after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--http-port", defaultValue = "0",
            description = "Port of /metrics, /healthz, /readyz on 127.0.0.1 (default: any free port).")
    int httpPort;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        if (logging.level.equals("info")) {
            logging.level = "warn"; // the table is the output; the controller's own lines only when asked
        }
        logging.apply(true);
        if (!Files.isReadable(dir.resolve("kms-seed.yaml")) || !Files.isDirectory(dir.resolve("manifests"))) {
            throw new ParameterException(spec.commandLine(), "--dir: " + dir.toAbsolutePath()
                    + " has no kms-seed.yaml and manifests/ (run from the repository root, or pass --dir)");
        }
        return LocalDemo.run(new LocalDemo.Options(dir, once, rotate, rotateAfter, timeout, httpPort),
                spec.commandLine().getOut());
    }
}
