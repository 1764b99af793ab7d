package dev.secretsync.k8s.sink;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Objects;

/**
 * The resource that manages a Secret (an ExternalSecret). Its {@link #key()} marks the Secret;
 * its uid goes into the owner reference under the Owner policy.
 */
public record Owner(String apiVersion, String kind, String namespace, String name, String uid) {

    public Owner {
        Objects.requireNonNull(apiVersion, "Owner.apiVersion");
        Objects.requireNonNull(kind, "Owner.kind");
        Objects.requireNonNull(namespace, "Owner.namespace");
        Objects.requireNonNull(name, "Owner.name");
        if (uid != null && uid.isBlank()) {
            uid = null;
        }
    }

    /** The owner of {@code resource} (a namespaced custom resource with a uid). */
    public static Owner of(HasMetadata resource) {
        return new Owner(resource.getApiVersion(), resource.getKind(), resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(), resource.getMetadata().getUid());
    }

    /** {@code Kind/namespace/name}: the value of the owner annotation. */
    public String key() {
        return kind + "/" + namespace + "/" + name;
    }

    OwnerReference reference() {
        if (uid == null) {
            throw new IllegalStateException("Owner " + key() + " has no uid: an owner reference needs one");
        }
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name).withUid(uid)
                .withController(true).build();
    }

    /** Whether {@code ref} points at this owner's kind and name (any uid: a re-created owner). */
    boolean matches(OwnerReference ref) {
        return kind.equals(ref.getKind()) && name.equals(ref.getName())
                && apiVersion.split("/")[0].equals(String.valueOf(ref.getApiVersion()).split("/")[0]);
    }

    @Override
    public String toString() {
        return key();
    }
}
