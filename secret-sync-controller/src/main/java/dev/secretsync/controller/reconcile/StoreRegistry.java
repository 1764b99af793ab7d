package dev.secretsync.controller.reconcile;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.controller.translate.ExternalSecretTranslation;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.store.StoreRefs;
import dev.secretsync.k8s.store.StoreResolution;
import dev.secretsync.k8s.store.StoreResolver;
import dev.secretsync.kms.KmsSecretSource;
import dev.secretsync.kms.KmsStoreConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stores of the KMS source, owned in one place: the controller's own stores (environment
 * credentials, at KMS and at OOS), each SecretStore and ClusterSecretStore as resolved, and the stores derived for
 * {@code data[].kmsEndpoint} (a store reached at another endpoint, kept in step with its base).
 * It also says why an ExternalSecret cannot use its stores (missing, not ready, not allowed).
 */
public final class StoreRegistry {

    private final KmsSecretSource source;
    private final StoreResolver resolver;
    private final ControllerStores controllerStores;
    private final Caches caches;
    private final ControllerSettings settings;
    private final Map<String, StoreResolution> resolutions = new ConcurrentHashMap<>();
    private final Map<String, ExternalSecretTranslation.EndpointStore> endpointStores = new ConcurrentHashMap<>();

    /** @param resolver resolves stores; {@code null} when the controller has no region (every store then fails) */
    public StoreRegistry(KmsSecretSource source, StoreResolver resolver, ControllerStores controllerStores, Caches caches,
                         ControllerSettings settings) {
        this.source = Objects.requireNonNull(source, "source");
        this.resolver = resolver;
        this.controllerStores = Objects.requireNonNull(controllerStores, "controllerStores");
        this.caches = Objects.requireNonNull(caches, "caches");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (controllerStores.kms() != null) {
            source.putStore(StoreRefs.CONTROLLER_STORE, controllerStores.kms());
            source.putStore(StoreRefs.CONTROLLER_OOS_STORE, controllerStores.oos());
        }
    }

    StoreResolution resolve(SecretStore store) {
        return resolver == null ? noRegion(StoreResolver.storeId(store)) : resolver.resolve(store);
    }

    StoreResolution resolve(ClusterSecretStore store) {
        return resolver == null ? noRegion(StoreResolver.storeId(store)) : resolver.resolve(store);
    }

    /**
     * Puts (or removes, when not ready) the store and its endpoint variants into the source.
     *
     * @return whether its users must look again: the store is new, or its readiness or configuration changed
     */
    boolean apply(String storeId, StoreResolution resolution) {
        StoreResolution previous = resolutions.put(storeId, resolution);
        if (resolution.ready()) {
            source.putStore(storeId, resolution.config().orElseThrow());
        } else {
            source.removeStore(storeId);
        }
        endpointStores.forEach((derived, endpoint) -> {
            if (endpoint.baseStoreId().equals(storeId)) {
                putEndpointStore(derived, endpoint);
            }
        });
        return previous == null || previous.ready() != resolution.ready()
                || !Objects.equals(previous.config(), resolution.config());
    }

    /** Removes a deleted (or no longer served) store; returns whether it was known. */
    boolean forget(String storeId) {
        if (resolutions.remove(storeId) == null) {
            return false;
        }
        source.removeStore(storeId);
        if (resolver != null) {
            resolver.forget(storeId);
        }
        return true;
    }

    /**
     * Registers the stores an ExternalSecret derives for {@code data[].kmsEndpoint}.
     *
     * @throws IllegalArgumentException when an endpoint is not one the KMS module accepts
     */
    void putEndpointStores(Map<String, ExternalSecretTranslation.EndpointStore> stores) {
        stores.forEach((derived, endpoint) -> {
            endpointStores.put(derived, endpoint);
            putEndpointStore(derived, endpoint);
        });
    }

    /**
     * Why an ExternalSecret in {@code namespace} cannot use the stores its translation names, or
     * {@code null} when every one is there, ready and allows the namespace.
     */
    String problem(String namespace, ExternalSecretTranslation t) {
        for (String id : t.storeIds()) {
            if (StoreRefs.CONTROLLER_STORE.equals(id) || StoreRefs.CONTROLLER_OOS_STORE.equals(id)) {
                if (controllerStores.kms() == null) {
                    return "entries without secretStoreRef need the controller's own credentials, and none are configured";
                }
                continue;
            }
            if (id.startsWith(StoreRefs.CLUSTER_SECRET_STORE_PREFIX)) {
                if (!settings.processClusterSecretStore()) {
                    return "ClusterSecretStores are not processed (--process-cluster-secret-store=false)";
                }
                ClusterSecretStore css = caches.clusterSecretStores().getByKey(id.substring(StoreRefs.CLUSTER_SECRET_STORE_PREFIX.length()));
                if (css == null) {
                    return id + " not found";
                }
                if (resolver != null) {
                    var decision = resolver.allows(css, namespace);
                    if (!decision.allowed()) {
                        return id + " does not allow namespace " + namespace + ": " + decision.reason();
                    }
                }
            } else if (caches.secretStores().getByKey(id.substring(StoreRefs.SECRET_STORE_PREFIX.length())) == null) {
                return id + " not found";
            }
            StoreResolution r = resolutions.get(id);
            if (r == null) {
                return id + " is not resolved yet";
            }
            if (!r.ready()) {
                return id + " is not ready: " + r.reason() + (r.message() == null ? "" : " (" + r.message() + ")");
            }
        }
        return null;
    }

    private void putEndpointStore(String derived, ExternalSecretTranslation.EndpointStore endpoint) {
        Optional<KmsStoreConfig> base = baseConfig(endpoint.baseStoreId());
        if (base.isEmpty()) {
            source.removeStore(derived);
        } else {
            source.putStore(derived, base.get().withEntryEndpoint(endpoint.endpoint()));
        }
    }

    private Optional<KmsStoreConfig> baseConfig(String storeId) {
        if (StoreRefs.CONTROLLER_STORE.equals(storeId)) {
            return Optional.ofNullable(controllerStores.kms());
        }
        if (StoreRefs.CONTROLLER_OOS_STORE.equals(storeId)) {
            return Optional.ofNullable(controllerStores.oos());
        }
        StoreResolution r = resolutions.get(storeId);
        return r == null ? Optional.empty() : r.config();
    }

    private static StoreResolution noRegion(String storeId) {
        return new StoreResolution(storeId, Optional.empty(), StoreResolution.VALIDATION_FAILED,
                "the controller has no region (--region)", "");
    }
}
