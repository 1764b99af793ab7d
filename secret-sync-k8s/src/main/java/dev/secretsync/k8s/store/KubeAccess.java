package dev.secretsync.k8s.store;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes reads (and the one TokenRequest call) store resolution needs. Kept small so a
 * controller can answer the reads from informers and tests can see every call.
 */
public interface KubeAccess {

    Optional<Secret> secret(String namespace, String name);

    Optional<ServiceAccount> serviceAccount(String namespace, String name);

    Optional<Namespace> namespace(String name);

    /**
     * A fresh token for the ServiceAccount from the TokenRequest API
     * ({@code POST .../serviceaccounts/<name>/token}).
     */
    String requestToken(String namespace, String serviceAccount, List<String> audiences, Duration expiration);

    /** Direct API reads (one GET per call): for tools and tests. */
    static KubeAccess of(KubernetesClient client) {
        return new ClientKubeAccess(client, null, null, null);
    }

    /** Reads from started informers (any may be {@code null}: that kind is read from the API). */
    static KubeAccess of(KubernetesClient client, SharedIndexInformer<Secret> secrets,
                         SharedIndexInformer<ServiceAccount> serviceAccounts, SharedIndexInformer<Namespace> namespaces) {
        return new ClientKubeAccess(client, secrets, serviceAccounts, namespaces);
    }
}
