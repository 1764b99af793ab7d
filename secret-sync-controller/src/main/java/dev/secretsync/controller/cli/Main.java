package dev.secretsync.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The executable jar: {@code run}, {@code render}, {@code local}, {@code migrate}. Exit codes: 0 success, 1 a
 * failure (for {@code render}: some resource failed), 2 a usage error.
 */
@Command(name = "secret-sync-controller", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Keeps Kubernetes Secrets in sync with Alibaba Cloud KMS (ack-secret-manager compatible).",
        subcommands = {RunCommand.class, RenderCommand.class, LocalCommand.class, MigrateCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // Messages of failures carry no values (every component redacts); no stack trace for users.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"secret-sync-controller " + (v == null ? "(development build)" : v)};
        }
    }
}
