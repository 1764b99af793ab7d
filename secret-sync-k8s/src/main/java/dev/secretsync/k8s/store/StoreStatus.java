package dev.secretsync.k8s.store;

import dev.secretsync.k8s.Conditions;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.model.SecretStoreStatus;
import dev.secretsync.k8s.model.StatusCondition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Objects;

/**
 * A store's status: a {@code Ready} condition whose reason is the resolution's
 * ({@code Valid}, {@code ValidationFailed}, {@code InvalidProviderConfig}, {@code ClientCreationFailed}).
 * The transition time changes only when the condition's status changes.
 */
public final class StoreStatus {

    public static final String READY = Conditions.READY;
    static final String CAPABILITIES = "ReadOnly";

    private StoreStatus() {
    }

    /** The status {@code resolution} gives a store whose current status is {@code previous}. */
    public static SecretStoreStatus of(StoreResolution resolution, Long generation, SecretStoreStatus previous,
                                       Clock clock) {
        SecretStoreStatus status = new SecretStoreStatus();
        status.setConditions(Conditions.set(previous == null ? null : previous.getConditions(), READY,
                resolution.ready(), resolution.reason(), resolution.message(), generation, clock));
        status.setCapabilities(CAPABILITIES);
        return status;
    }

    /** Writes the status of {@code store} if it changed; returns whether it wrote. */
    public static boolean update(KubernetesClient client, SecretStore store, StoreResolution resolution, Clock clock) {
        return update(client, SecretStore.class, store, resolution, clock);
    }

    /** Writes the status of {@code store} if it changed; returns whether it wrote. */
    public static boolean update(KubernetesClient client, ClusterSecretStore store, StoreResolution resolution,
                                 Clock clock) {
        return update(client, ClusterSecretStore.class, store, resolution, clock);
    }

    private static <T extends CustomResource<?, SecretStoreStatus>> boolean update(
            KubernetesClient client, Class<T> type, T store, StoreResolution resolution, Clock clock) {
        var resources = client.resources(type);
        String namespace = store.getMetadata().getNamespace();
        T current = store;
        for (int attempt = 1; ; attempt++) {
            SecretStoreStatus next = of(resolution, current.getMetadata().getGeneration(), current.getStatus(), clock);
            if (same(current.getStatus(), next)) {
                return false;
            }
            T copy = client.getKubernetesSerialization().clone(current);
            copy.setStatus(next);
            try {
                // A replace of the status with the resourceVersion read: fabric8 8's CRUD mock server left a
                // changed element of the conditions list unchanged under patchStatus (a JSON merge patch).
                (namespace == null ? resources.resource(copy) : resources.inNamespace(namespace).resource(copy))
                        .updateStatus();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 3) {
                    throw e;
                }
                String name = current.getMetadata().getName();
                current = namespace == null ? resources.withName(name).get()
                        : resources.inNamespace(namespace).withName(name).get();
                if (current == null) {
                    return false;
                }
            }
        }
    }

    private static boolean same(SecretStoreStatus a, SecretStoreStatus b) {
        return Objects.equals(a, b);
    }
}
