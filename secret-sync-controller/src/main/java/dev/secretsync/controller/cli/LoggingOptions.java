package dev.secretsync.controller.cli;

import picocli.CommandLine.Option;

/** {@code --log-format} and {@code --log-level}, shared by the subcommands. */
final class LoggingOptions {

    @Option(names = "--log-format", defaultValue = "text",
            description = "text or json (one JSON object per line) (default: ${DEFAULT-VALUE}).")
    Logging.Format format;

    @Option(names = "--log-level", defaultValue = "info",
            description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE}).")
    String level;

    void apply(boolean stderr) {
        Logging.configure(format, level, stderr);
    }
}
