package dev.secretsync.controller.cli;

import io.fabric8.kubernetes.client.Config;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --kubeconfig}: which cluster a subcommand talks to. */
final class ClusterOptions {

    @Option(names = "--kubeconfig", description = "A kubeconfig file (default: in-cluster config, else KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    /**
     * @throws IllegalArgumentException naming the option when the file cannot be read
     * @throws CommandFailure naming the file when it is no kubeconfig
     */
    Config config() {
        if (kubeconfig == null) {
            return Config.autoConfigure(null);
        }
        if (!Files.isReadable(kubeconfig)) {
            throw new IllegalArgumentException("--kubeconfig: cannot read " + kubeconfig);
        }
        try {
            return Config.fromKubeconfig(kubeconfig.toFile());
        } catch (RuntimeException e) {
            throw new CommandFailure("cannot use the kubeconfig " + kubeconfig + ": " + ApiServerCheck.reason(e)
                    + " (a kubeconfig file with a current context, as kubectl reads it)", e);
        }
    }
}
