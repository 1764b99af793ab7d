package dev.secretsync.controller.reconcile;

import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.Objects;

/**
 * The informer caches the reconcilers read, as plain stores (keys {@code namespace/name}, or
 * {@code name} for cluster-scoped kinds): reads never make an API call, and tests pass maps.
 */
public record Caches(Store<ExternalSecret> externalSecrets, Store<SecretStore> secretStores,
                     Store<ClusterSecretStore> clusterSecretStores, Store<ClusterExternalSecret> clusterExternalSecrets,
                     Store<Secret> secrets, Store<Namespace> namespaces) {

    public Caches {
        Objects.requireNonNull(externalSecrets, "externalSecrets");
        Objects.requireNonNull(secretStores, "secretStores");
        Objects.requireNonNull(clusterSecretStores, "clusterSecretStores");
        Objects.requireNonNull(clusterExternalSecrets, "clusterExternalSecrets");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(namespaces, "namespaces");
    }
}
