package dev.secretsync.k8s.store;

import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.model.SecretStoreStatus;
import dev.secretsync.k8s.model.StatusCondition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A store's status: a {@code Ready} condition whose reason is the resolution's
 * ({@code Valid}, {@code ValidationFailed}, {@code InvalidProviderConfig}, {@code ClientCreationFailed}).
 * The transition time changes only when the condition's status changes.
 */
public final class StoreStatus {

    public static final String READY = "Ready";
    static final String CAPABILITIES = "ReadOnly";

    private StoreStatus() {
    }

    /** The status {@code resolution} gives a store whose current status is {@code previous}. */
    public static SecretStoreStatus of(StoreResolution resolution, Long generation, SecretStoreStatus previous,
                                       Clock clock) {
        StatusCondition ready = new StatusCondition();
        ready.setType(READY);
        ready.setStatus(resolution.ready() ? "True" : "False");
        ready.setReason(resolution.reason());
        ready.setMessage(resolution.message());
        ready.setObservedGeneration(generation);
        StatusCondition old = previous == null || previous.getConditions() == null ? null
                : previous.getConditions().stream().filter(c -> READY.equals(c.getType())).findFirst().orElse(null);
        ready.setLastTransitionTime(old != null && Objects.equals(old.getStatus(), ready.getStatus())
                && old.getLastTransitionTime() != null ? old.getLastTransitionTime()
                : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        List<StatusCondition> conditions = new ArrayList<>();
        if (previous != null && previous.getConditions() != null) {
            previous.getConditions().stream().filter(c -> !READY.equals(c.getType())).forEach(conditions::add);
        }
        conditions.add(ready);
        SecretStoreStatus status = new SecretStoreStatus();
        status.setConditions(conditions);
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
                // A replace of the status with the resourceVersion read (the CRUD mock server did not apply
                // a second merge patch of a custom resource's status).
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
        if (a == null || a.getConditions() == null) {
            return false;
        }
        if (!Objects.equals(a.getCapabilities(), b.getCapabilities())
                || a.getConditions().size() != b.getConditions().size()) {
            return false;
        }
        for (int i = 0; i < a.getConditions().size(); i++) {
            StatusCondition x = a.getConditions().get(i);
            StatusCondition y = b.getConditions().get(i);
            if (!Objects.equals(x.getType(), y.getType()) || !Objects.equals(x.getStatus(), y.getStatus())
                    || !Objects.equals(x.getReason(), y.getReason()) || !Objects.equals(x.getMessage(), y.getMessage())
                    || !Objects.equals(x.getObservedGeneration(), y.getObservedGeneration())
                    || !Objects.equals(x.getLastTransitionTime(), y.getLastTransitionTime())) {
                return false;
            }
        }
        return true;
    }
}
