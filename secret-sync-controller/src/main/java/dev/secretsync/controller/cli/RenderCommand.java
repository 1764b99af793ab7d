package dev.secretsync.controller.cli;

import dev.secretsync.controller.settings.ControllerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code render}: an offline preview of the Secrets that manifests produce. Secrets go to stdout
 * as a YAML stream; a resource that fails is reported on stderr (namespace/name and reason, never
 * a value) while the others are still printed, and the exit code is then 1.
 */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "secret-sync-controller render --kms-seed SEED -f FILE_OR_DIR [-f FILE_OR_DIR...] [OPTIONS]",
        description = {"Preview the Secrets that ExternalSecret manifests produce, offline.",
                "KMS (and OOS, from the seed's parameters) is served by an in-process emulator loaded from the seed (the testkit's format); "
                        + "store credentials are not resolved. Output: a YAML stream of Secrets sorted by "
                        + "namespace and name. Exit 1 if any resource failed (reported on stderr), 2 on usage errors."})
final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kms-seed", required = true, paramLabel = "SEED",
            description = "The emulator's secrets: a seed file in the testkit's format.")
    Path seed;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE_OR_DIR",
            description = "Manifests: a file or a directory (read recursively); repeatable.")
    List<Path> files;

    @Option(names = "--polling-interval", defaultValue = "120s", converter = ControllerOptions.GoDurationConverter.class,
            hidden = true)
    java.time.Duration pollingInterval;

    @Mixin
    ResourceScopeOptions scope = new ResourceScopeOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() {
        if (logging.level.equals("info")) {
            logging.level = "warn"; // stdout is YAML; only warnings on stderr unless asked
        }
        logging.apply(true);
        if (!Files.isReadable(seed)) {
            throw new ParameterException(spec.commandLine(), "--kms-seed: cannot read " + seed);
        }
        Manifests manifests;
        try {
            manifests = Manifests.read(files);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "-f: " + e.getMessage());
        }
        ControllerSettings settings = scope.applyTo(ControllerSettings.builder().pollingInterval(pollingInterval))
                .build();
        Renderer.Result result = new Renderer(settings).render(seed, manifests);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.print(result.yaml());
        out.flush();
        result.notes().forEach(n -> err.println("note: " + n));
        result.failures().forEach(f -> err.println("error: " + f));
        err.flush();
        return result.failures().isEmpty() ? 0 : 1;
    }
}
