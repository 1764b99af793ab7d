package dev.secretsync.controller.cli;

import dev.secretsync.controller.ControllerSettings;
import dev.secretsync.kms.KmsStoreConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;

/** What the CLI needs of the controller: start, probes, stop. */
interface ControllerHandle extends AutoCloseable {

    void start();

    boolean isLeader();

    boolean isReady();

    boolean isHealthy();

    @Override
    void close();

    /** {@code Controller.create(client, settings, defaultStore, registry)}; defaultStore may be null. */
    static ControllerHandle create(KubernetesClient client, ControllerSettings settings, KmsStoreConfig defaultStore,
                                   MeterRegistry registry) {
        return ReflectiveController.create(client, settings, defaultStore, registry);
    }
}
