package dev.secretsync.k8s;

/** Labels and annotations secret-sync reads or writes on Kubernetes objects. */
public final class Metadata {

    /** Label on every Secret that secret-sync creates and manages (Owner and Orphan policies). */
    public static final String MANAGED_BY_LABEL = "secret-sync.dev/managed-by";
    public static final String MANAGED_BY_VALUE = "secret-sync";

    /** Annotation naming the ExternalSecret that manages a Secret: {@code ExternalSecret/<namespace>/<name>}. */
    public static final String OWNER_ANNOTATION = "secret-sync.dev/owner";

    /** Annotation holding the hash of the content secret-sync last wrote (never the content). */
    public static final String CONTENT_HASH_ANNOTATION = "secret-sync.dev/content-hash";

    /** Merge policy: the ExternalSecret that merges its keys into a Secret it does not manage. */
    public static final String MERGED_BY_ANNOTATION = "secret-sync.dev/merged-by";

    /** Merge policy: the keys (comma-separated) that secret-sync wrote into the Secret. */
    public static final String MERGED_KEYS_ANNOTATION = "secret-sync.dev/merged-keys";

    /** The label keys secret-sync set from templates or options (comma-separated): removed when no longer wanted. */
    public static final String OWN_LABELS_ANNOTATION = "secret-sync.dev/own-labels";

    /** The annotation keys secret-sync set from templates or options (comma-separated). */
    public static final String OWN_ANNOTATIONS_ANNOTATION = "secret-sync.dev/own-annotations";

    /** Prefix of every label and annotation secret-sync reserves for itself. */
    public static final String RESERVED_PREFIX = "secret-sync.dev/";

    /**
     * Annotation on an ExternalSecret: any new value asks for an immediate refresh (for example
     * {@code kubectl annotate es/x secret-sync.dev/refresh-requested="$(date +%s)" --overwrite}).
     */
    public static final String REFRESH_REQUESTED_ANNOTATION = "secret-sync.dev/refresh-requested";

    /** ServiceAccount annotation with the RAM role its tokens assume (as in ack-secret-manager). */
    public static final String ROLE_ARN_ANNOTATION = "ack.alibabacloud.com/role-arn";

    /** Label on the ExternalSecrets a ClusterExternalSecret created: the ClusterExternalSecret's name. */
    public static final String CLUSTER_EXTERNAL_SECRET_LABEL = "secret-sync.dev/cluster-external-secret";

    /** The pod template annotation a rollout restart sets (as {@code kubectl rollout restart}). */
    public static final String RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";

    /** ack-secret-manager's finalizer on ExternalSecrets. */
    public static final String ACK_FINALIZER = "finalizer.ack.secrets-manager.alibabacloud.com";

    private Metadata() {
    }
}
