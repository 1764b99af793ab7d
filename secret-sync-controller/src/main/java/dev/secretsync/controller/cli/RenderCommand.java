package dev.secretsync.controller.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true, description = "Render (placeholder).")
final class RenderCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
