package dev.secretsync.k8s.store;

import dev.secretsync.k8s.KubernetesNames;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link KubeAccess} on a fabric8 client, with optional informers. */
final class ClientKubeAccess implements KubeAccess {
    private final KubernetesClient client;
    private final SharedIndexInformer<Secret> secrets;
    private final SharedIndexInformer<ServiceAccount> serviceAccounts;
    private final SharedIndexInformer<Namespace> namespaces;

    ClientKubeAccess(KubernetesClient client, SharedIndexInformer<Secret> secrets,
                     SharedIndexInformer<ServiceAccount> serviceAccounts,
                     SharedIndexInformer<Namespace> namespaces) {
        this.client = Objects.requireNonNull(client, "client");
        this.secrets = secrets;
        this.serviceAccounts = serviceAccounts;
        this.namespaces = namespaces;
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        requireNames("Secret", namespace, name);
        if (secrets != null) {
            return Optional.ofNullable(secrets.getStore().getByKey(namespace + "/" + name));
        }
        return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
        requireNames("ServiceAccount", namespace, name);
        if (serviceAccounts != null) {
            return Optional.ofNullable(serviceAccounts.getStore().getByKey(namespace + "/" + name));
        }
        return Optional.ofNullable(client.serviceAccounts().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        KubernetesNames.requireNamespace("namespace", name);
        if (namespaces != null) {
            return Optional.ofNullable(namespaces.getStore().getByKey(name));
        }
        return Optional.ofNullable(client.namespaces().withName(name).get());
    }

    @Override
    public String requestToken(String namespace, String serviceAccount, List<String> audiences,
                               Duration expiration) {
        requireNames("ServiceAccount", namespace, serviceAccount);
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withAudiences(audiences)
                .withExpirationSeconds(expiration.toSeconds()).endSpec().build();
        TokenRequest answer;
        try {
            answer = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount).tokenRequest(request);
        } catch (KubernetesClientException e) {
            // Status code and reason only: the client's message quotes the whole answer.
            String reason = e.getStatus() == null || e.getStatus().getReason() == null ? ""
                    : " " + e.getStatus().getReason();
            throw new IllegalStateException("TokenRequest for ServiceAccount " + namespace + "/" + serviceAccount
                    + " failed" + (e.getCode() > 0 ? " with HTTP " + e.getCode() + reason : " (no response)"));
        }
        if (answer == null || answer.getStatus() == null || answer.getStatus().getToken() == null
                || answer.getStatus().getToken().isBlank()) {
            throw new IllegalStateException("TokenRequest for ServiceAccount " + namespace + "/" + serviceAccount
                    + " returned no token");
        }
        return answer.getStatus().getToken();
    }

    /** No name reaches a cache key or a request path unchecked (the store resolver checks them first). */
    private static void requireNames(String kind, String namespace, String name) {
        KubernetesNames.requireNamespace(kind + " namespace", namespace);
        KubernetesNames.requireObjectName(kind + " name", kind, name);
    }
}
