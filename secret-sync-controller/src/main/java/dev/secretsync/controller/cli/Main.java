package dev.secretsync.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.Set;

/**
 * The executable jar: {@code run}, {@code render}, {@code local}, {@code migrate}, {@code help}.
 * Exit codes: 0 success, 1 a failure (for {@code render}: some resource failed), 2 a usage error.
 * Either kind of error is one line on stderr; {@code --log-level debug} adds the stack trace of a
 * failure.
 */
@Command(name = "secret-sync-controller", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Keeps Kubernetes Secrets in sync with Alibaba Cloud KMS (ack-secret-manager compatible).",
        subcommands = {RunCommand.class, RenderCommand.class, LocalCommand.class, MigrateCommand.class,
                HelpCommand.class})
public final class Main {

    private static final Set<String> STACK_TRACE_LEVELS = Set.of("debug", "trace");

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
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler(Main::failure);
        return cli;
    }

    /** The message (it names the flag), close matches of a mistyped one, and where help is. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("error: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Messages of failures carry no values (every component redacts). */
    private static int failure(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        err.println("error: " + describe(e));
        if (stackTraces(cli.getCommandSpec())) {
            e.printStackTrace(err);
        }
        return 1;
    }

    static String describe(Throwable e) {
        if (e instanceof CommandFailure || (e.getMessage() != null && !e.getMessage().isBlank())) {
            return e.getMessage();
        }
        return "unexpected " + e.getClass().getSimpleName() + " (--log-level debug shows where)";
    }

    private static boolean stackTraces(CommandSpec command) {
        CommandSpec logging = command.mixins().get("logging");
        return logging != null && logging.userObject() instanceof LoggingOptions options
                && STACK_TRACE_LEVELS.contains(options.level);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"secret-sync-controller " + BuildVersion.of(Main.class)};
        }
    }
}
