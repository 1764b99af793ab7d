package dev.secretsync.controller.cli;

import io.fabric8.kubernetes.client.Config;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --kubeconfig}: which cluster a subcommand talks to. */
final class ClusterOptions {

    @Option(names = "--kubeconfig", description = "A kubeconfig file (default: in-cluster config, else KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    /** @throws IllegalArgumentException naming the option when the file cannot be read */
    Config config() throws IOException {
        if (kubeconfig == null) {
            return Config.autoConfigure(null);
        }
        if (!Files.isReadable(kubeconfig)) {
            throw new IllegalArgumentException("--kubeconfig: cannot read " + kubeconfig);
        }
        return Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
    }
}
