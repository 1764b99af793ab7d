package dev.secretsync.controller.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "local", mixinStandardHelpOptions = true, description = "Local demo (placeholder).")
final class LocalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
