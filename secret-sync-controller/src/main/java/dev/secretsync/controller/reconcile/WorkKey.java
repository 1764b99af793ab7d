package dev.secretsync.controller.reconcile;

import dev.secretsync.k8s.store.StoreRefs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.Optional;

/**
 * One resource to reconcile: the unit of the work queue. Its kind picks the reconciler.
 *
 * @param namespace {@code null} for the cluster-scoped kinds
 */
public record WorkKey(Kind kind, String namespace, String name) {

    /** The primary resources, one reconciler each (both store kinds share one). */
    public enum Kind {
        EXTERNAL_SECRET("ExternalSecret"),
        SECRET_STORE("SecretStore"),
        CLUSTER_SECRET_STORE("ClusterSecretStore"),
        CLUSTER_EXTERNAL_SECRET("ClusterExternalSecret");

        private final String resourceKind;

        Kind(String resourceKind) {
            this.resourceKind = resourceKind;
        }

        /** The custom resource's kind, as in its manifests. */
        public String resourceKind() {
            return resourceKind;
        }

        boolean namespaced() {
            return this == EXTERNAL_SECRET || this == SECRET_STORE;
        }
    }

    private static final String BINDING_PREFIX = Kind.EXTERNAL_SECRET.resourceKind() + "/";

    public WorkKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (kind.namespaced() != (namespace != null)) {
            throw new IllegalArgumentException(kind + " " + name + ": namespace " + (kind.namespaced() ? "required" : "not allowed"));
        }
    }

    public static WorkKey externalSecret(String namespace, String name) {
        return new WorkKey(Kind.EXTERNAL_SECRET, namespace, name);
    }

    /** The key of {@code resource} as {@code kind}. */
    public static WorkKey of(Kind kind, HasMetadata resource) {
        return new WorkKey(kind, kind.namespaced() ? resource.getMetadata().getNamespace() : null,
                resource.getMetadata().getName());
    }

    /** The ExternalSecret whose engine binding (or Secret owner annotation) is {@code bindingId}. */
    public static Optional<WorkKey> ofBindingId(String bindingId) {
        if (bindingId == null || !bindingId.startsWith(BINDING_PREFIX)) {
            return Optional.empty();
        }
        String rest = bindingId.substring(BINDING_PREFIX.length());
        int slash = rest.indexOf('/');
        return slash <= 0 || slash == rest.length() - 1 ? Optional.empty()
                : Optional.of(externalSecret(rest.substring(0, slash), rest.substring(slash + 1)));
    }

    /** {@code namespace/name}, or {@code name}: the resource's key in its informer cache. */
    public String cacheKey() {
        return namespace == null ? name : namespace + "/" + name;
    }

    /**
     * An ExternalSecret's engine binding id, {@code ExternalSecret/<namespace>/<name>}: the same
     * string as the owner annotation the Secret writer puts on its Secret ({@code Owner.key()}), so
     * that a Secret leads back to its binding.
     */
    public String bindingId() {
        requireKind(Kind.EXTERNAL_SECRET);
        return BINDING_PREFIX + cacheKey();
    }

    /** A store's id in the KMS source and in {@code SourceRef}s (the k8s module's {@link StoreRefs}). */
    public String storeId() {
        return switch (kind) {
            case SECRET_STORE -> StoreRefs.secretStoreId(namespace, name);
            case CLUSTER_SECRET_STORE -> StoreRefs.clusterSecretStoreId(name);
            default -> throw new IllegalStateException(this + " is not a store");
        };
    }

    private void requireKind(Kind expected) {
        if (kind != expected) {
            throw new IllegalStateException(this + " is not an " + expected.resourceKind());
        }
    }

    @Override
    public String toString() {
        return kind.resourceKind() + "/" + cacheKey();
    }
}
