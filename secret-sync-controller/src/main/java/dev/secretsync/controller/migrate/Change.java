package dev.secretsync.controller.migrate;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One change {@code migrate} makes.
 *
 * @param description what it does, naming the object (never a value): what {@code --dry-run} prints
 * @param permission  what the caller needs to make it
 * @param action      makes it; conditional on the object's resourceVersion where it patches, so an
 *                    object changed since the plan was made is not overwritten (409: run again)
 */
public record Change(String description, Permission permission, Consumer<KubernetesClient> action) {

    public Change {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(action, "action");
    }

    void apply(KubernetesClient client) {
        action.accept(client);
    }

    /** An RBAC permission: API group ("" for the core group), resource and verb. */
    public record Permission(String group, String resource, String verb) {

        /** {@code resource.group}, as {@code kubectl auth can-i} takes it. */
        public String resourceName() {
            return group.isEmpty() ? resource : resource + "." + group;
        }
    }
}
