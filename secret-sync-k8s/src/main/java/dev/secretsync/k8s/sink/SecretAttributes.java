package dev.secretsync.k8s.sink;

/**
 * Attribute names a transform may put into a {@link dev.secretsync.core.DesiredState} for
 * {@link KubernetesSecretSink}. Attributes are part of the state's hash, so a change of type,
 * label or annotation rewrites the Secret. They win over the target's {@link TargetOptions}.
 */
public final class SecretAttributes {

    /** The Secret's type (for example from {@code target.template.type}). */
    public static final String TYPE = "type";

    /** {@code label/<key>}: a label of the Secret. */
    public static final String LABEL_PREFIX = "label/";

    /** {@code annotation/<key>}: an annotation of the Secret. */
    public static final String ANNOTATION_PREFIX = "annotation/";

    private SecretAttributes() {
    }
}
