package dev.secretsync.controller;

import dev.secretsync.controller.reconcile.Caches;
import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The controller's informers (all namespaces; handlers are added before they start). */
record Informers(SharedIndexInformer<ExternalSecret> externalSecrets, SharedIndexInformer<SecretStore> secretStores,
                 SharedIndexInformer<ClusterSecretStore> clusterSecretStores,
                 SharedIndexInformer<ClusterExternalSecret> clusterExternalSecrets, SharedIndexInformer<Secret> secrets,
                 SharedIndexInformer<ServiceAccount> serviceAccounts, SharedIndexInformer<Namespace> namespaces) {

    /** Informers made, not started. */
    static Informers of(KubernetesClient client) {
        return new Informers(client.resources(ExternalSecret.class).inAnyNamespace().runnableInformer(0),
                client.resources(SecretStore.class).inAnyNamespace().runnableInformer(0),
                client.resources(ClusterSecretStore.class).runnableInformer(0),
                client.resources(ClusterExternalSecret.class).runnableInformer(0),
                client.secrets().inAnyNamespace().runnableInformer(0),
                client.serviceAccounts().inAnyNamespace().runnableInformer(0),
                client.namespaces().runnableInformer(0));
    }

    List<SharedIndexInformer<?>> all() {
        return List.of(externalSecrets, secretStores, clusterSecretStores, clusterExternalSecrets, secrets, serviceAccounts,
                namespaces);
    }

    /** Starts them all and waits until each has synced. */
    void startAndSync() {
        CompletableFuture.allOf(all().stream().map(i -> i.start().toCompletableFuture())
                .toArray(CompletableFuture[]::new)).join();
    }

    /** Their stores, for the reconcilers. */
    Caches caches() {
        return new Caches(externalSecrets.getStore(), secretStores.getStore(), clusterSecretStores.getStore(),
                clusterExternalSecrets.getStore(), secrets.getStore(), namespaces.getStore());
    }
}
