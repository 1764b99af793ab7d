package dev.secretsync.benchmarks;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar benchmarks.jar <command>}. */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
        subcommands = {EmbeddedCommand.class, ScaleCommand.class},
        description = "secret-sync benchmarks. The last stdout line of each command is one JSON object.")
public final class BenchmarksMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The peer client leaves threads behind that close() does not stop: exit explicitly.
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code, without exiting (for tests). */
    static int run(String... args) {
        return new CommandLine(new BenchmarksMain()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: embedded or scale");
    }
}
