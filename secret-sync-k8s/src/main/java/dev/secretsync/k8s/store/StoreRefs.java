package dev.secretsync.k8s.store;

import dev.secretsync.k8s.model.SecretStoreRef;

/** Which store an ExternalSecret's data entry reads from ({@code secretStoreRef}). */
public final class StoreRefs {

    /** The store id of entries without a {@code secretStoreRef}: the controller's own credentials. */
    public static final String CONTROLLER_STORE = "controller";

    /** The same for an ExternalSecret with {@code provider: oos}: the controller's credentials against OOS. */
    public static final String CONTROLLER_OOS_STORE = "controller-oos";

    private StoreRefs() {
    }

    /** Every SecretStore's id starts so: {@code SecretStore/<namespace>/<name>}. */
    public static final String SECRET_STORE_PREFIX = "SecretStore/";

    /** Every ClusterSecretStore's id starts so: {@code ClusterSecretStore/<name>}. */
    public static final String CLUSTER_SECRET_STORE_PREFIX = "ClusterSecretStore/";

    /** {@code SecretStore/<namespace>/<name>}: the store id of a SecretStore. */
    public static String secretStoreId(String namespace, String name) {
        return SECRET_STORE_PREFIX + namespace + "/" + name;
    }

    /** {@code ClusterSecretStore/<name>}: the store id of a ClusterSecretStore. */
    public static String clusterSecretStoreId(String name) {
        return CLUSTER_SECRET_STORE_PREFIX + name;
    }

    /**
     * The store id ({@link StoreResolver#storeId}) that {@code ref} names for an ExternalSecret in
     * {@code namespace}. A SecretStore in another namespace (the deprecated {@code namespace}
     * field) is refused unless {@code allowCrossNamespaceStores} (ack-secret-manager's
     * {@code --enable-cross-namespace-secret-store}). Whether the namespace may use a
     * ClusterSecretStore is {@link StoreResolver#allows}' decision.
     *
     * @param field the reference's field for messages, for example {@code spec.data[0].secretStoreRef}
     * @throws IllegalArgumentException naming the field when the reference is invalid or not allowed
     */
    public static String storeId(String namespace, SecretStoreRef ref, boolean allowCrossNamespaceStores,
                                 String field) {
        return storeId(namespace, ref, allowCrossNamespaceStores, false, field);
    }

    /**
     * As {@link #storeId(String, SecretStoreRef, boolean, String)}, for an ExternalSecret whose
     * {@code provider} is {@code oos} when {@code oos}: an entry without a reference then reads
     * {@link #CONTROLLER_OOS_STORE}. A referenced store serves what its own spec says (KMS or OOS).
     */
    public static String storeId(String namespace, SecretStoreRef ref, boolean allowCrossNamespaceStores, boolean oos,
                                 String field) {
        if (ref == null) {
            return oos ? CONTROLLER_OOS_STORE : CONTROLLER_STORE;
        }
        if (ref.getName() == null || ref.getName().isBlank()) {
            throw new IllegalArgumentException(field + ".name must be set");
        }
        String kind = ref.getKind() == null || ref.getKind().isBlank() ? "SecretStore" : ref.getKind();
        switch (kind) {
            case "ClusterSecretStore":
                return clusterSecretStoreId(ref.getName());
            case "SecretStore":
                String storeNamespace = ref.getNamespace() == null || ref.getNamespace().isBlank() ? namespace
                        : ref.getNamespace().trim();
                if (!storeNamespace.equals(namespace) && !allowCrossNamespaceStores) {
                    throw new IllegalArgumentException(field + ".namespace '" + storeNamespace + "' is not the "
                            + "ExternalSecret's namespace '" + namespace + "': cross-namespace SecretStore references "
                            + "are disabled");
                }
                return secretStoreId(storeNamespace, ref.getName());
            default:
                throw new IllegalArgumentException(field + ".kind must be SecretStore or ClusterSecretStore, got '"
                        + kind + "'");
        }
    }
}
