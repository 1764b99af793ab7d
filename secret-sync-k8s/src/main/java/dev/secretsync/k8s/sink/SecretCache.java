package dev.secretsync.k8s.sink;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the sink reads Secrets. In a controller this is an informer's store, so reads cost no
 * API call; the objects returned must not be modified.
 */
@FunctionalInterface
public interface SecretCache {

    Optional<Secret> get(String namespace, String name);

    /** Reads from a (started) informer's store. */
    static SecretCache of(SharedIndexInformer<Secret> informer) {
        Objects.requireNonNull(informer, "informer");
        return (namespace, name) -> Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
    }

    /** Reads straight from the API server: one GET per call. For tools and tests, not controllers. */
    static SecretCache direct(KubernetesClient client) {
        Objects.requireNonNull(client, "client");
        return (namespace, name) -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    }
}
