package dev.secretsync.benchmarks;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * PLACEHOLDER for {@code scale --bindings N --secrets M --cycles C [--kms-qps Q]} (issue 7, section 1):
 * the controller at scale against the emulator and the Kubernetes API stand-in, with the baseline
 * model. It needs the controller, so it is not built yet; until then it says so and exits 2.
 */
@Command(name = "scale", description = "Not yet available: needs the controller (placeholder).")
final class ScaleCommand implements Callable<Integer> {

    static final int NOT_YET_AVAILABLE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("scale: not yet available (it needs the controller)");
        return NOT_YET_AVAILABLE;
    }
}
