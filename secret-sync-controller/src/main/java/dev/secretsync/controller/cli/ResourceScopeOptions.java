package dev.secretsync.controller.cli;

import dev.secretsync.controller.settings.ControllerSettings;
import picocli.CommandLine.Option;

/** Which resources are served, shared by {@code run} and {@code render} so a preview sees what the controller would. */
final class ResourceScopeOptions {

    @Option(names = "--process-cluster-secret-store", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Serve ClusterSecretStores (default: ${DEFAULT-VALUE}).")
    boolean processClusterSecretStore;

    @Option(names = "--process-cluster-external-secret", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Serve ClusterExternalSecrets (default: ${DEFAULT-VALUE}).")
    boolean processClusterExternalSecret;

    @Option(names = "--enable-cross-namespace-secret-store", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Allow secretStoreRef.namespace to name another namespace (default: ${DEFAULT-VALUE}).")
    boolean enableCrossNamespaceSecretStore;

    ControllerSettings.Builder applyTo(ControllerSettings.Builder settings) {
        return settings.processClusterSecretStore(processClusterSecretStore)
                .processClusterExternalSecret(processClusterExternalSecret)
                .enableCrossNamespaceSecretStore(enableCrossNamespaceSecretStore);
    }
}
