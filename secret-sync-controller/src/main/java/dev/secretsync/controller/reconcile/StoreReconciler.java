package dev.secretsync.controller.reconcile;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.store.StoreResolution;
import java.util.List;
import java.util.function.Function;

/**
 * SecretStores and ClusterSecretStores: resolves each (credentials, endpoint, CA) into the
 * {@link StoreRegistry}, writes its {@code Ready} condition, and sends the ExternalSecrets that use it
 * to reconcile when it appears, goes, or changes readiness or configuration.
 */
public final class StoreReconciler {

    private final KubeApi api;
    private final Caches caches;
    private final ControllerSettings settings;
    private final StoreRegistry registry;
    private final Function<String, List<WorkKey>> usersOfStore;
    private final Enqueue queue;

    /** @param usersOfStore the ExternalSecrets that read from a store id */
    public StoreReconciler(KubeApi api, Caches caches, ControllerSettings settings, StoreRegistry registry,
                           Function<String, List<WorkKey>> usersOfStore, Enqueue queue) {
        this.api = api;
        this.caches = caches;
        this.settings = settings;
        this.registry = registry;
        this.usersOfStore = usersOfStore;
        this.queue = queue;
    }

    /** Reconciles a {@code SECRET_STORE} or {@code CLUSTER_SECRET_STORE} key. */
    public void reconcile(WorkKey key) {
        String id = key.storeId();
        if (key.kind() == WorkKey.Kind.SECRET_STORE) {
            SecretStore store = caches.secretStores().getByKey(key.cacheKey());
            if (store == null || !settings.watches(key.namespace())) {
                forget(id);
                return;
            }
            StoreResolution r = registry.resolve(store);
            apply(id, r);
            api.updateStoreStatus(store, r);
        } else {
            ClusterSecretStore store = caches.clusterSecretStores().getByKey(key.cacheKey());
            if (store == null || !settings.processClusterSecretStore()) {
                forget(id);
                return;
            }
            StoreResolution r = registry.resolve(store);
            apply(id, r);
            api.updateStoreStatus(store, r);
        }
    }

    private void apply(String id, StoreResolution r) {
        if (registry.apply(id, r)) {
            usersOfStore.apply(id).forEach(queue::add);
        }
    }

    private void forget(String id) {
        if (registry.forget(id)) {
            usersOfStore.apply(id).forEach(queue::add);
        }
    }
}
