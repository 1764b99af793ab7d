package dev.secretsync.k8s.sink;

import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretSpec;
import dev.secretsync.k8s.model.ExternalSecretTarget;
import dev.secretsync.k8s.model.ExternalSecretTemplate;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How the sink holds one target Secret: who owns it, the creation and deletion policies, and
 * the metadata that does not come from the synced data. Registered on the sink per target with
 * {@link KubernetesSecretSink#register}. Immutable.
 *
 * <p>Type precedence: the {@link SecretAttributes#TYPE} attribute of the desired state (a
 * transform's {@code template.type}), then {@link #type()} (for an ExternalSecret:
 * {@code template.type}, then {@code spec.type}), then {@code Opaque}.
 */
public final class TargetOptions {

    public static final String DEFAULT_TYPE = "Opaque";

    private final Owner owner;
    private final CreationPolicy creationPolicy;
    private final DeletionPolicy deletionPolicy;
    private final String type;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;

    private TargetOptions(Builder b) {
        this.owner = Objects.requireNonNull(b.owner, "TargetOptions.owner is required");
        this.creationPolicy = b.creationPolicy;
        this.deletionPolicy = b.deletionPolicy;
        this.type = b.type;
        this.labels = Map.copyOf(b.labels);
        this.annotations = Map.copyOf(b.annotations);
        if (creationPolicy == CreationPolicy.OWNER && owner.uid() == null) {
            throw new IllegalArgumentException("creationPolicy Owner needs the owner's uid (owner " + owner.key() + ")");
        }
    }

    public static Builder builder(Owner owner) {
        return new Builder(owner);
    }

    /**
     * The options an ExternalSecret asks for: its policies, the type ({@code target.template.type},
     * then {@code spec.type}) and the template's labels and annotations.
     *
     * @throws IllegalArgumentException naming the field when a policy is unknown
     */
    public static TargetOptions forExternalSecret(ExternalSecret es) {
        Builder b = builder(Owner.of(es));
        ExternalSecretSpec spec = es.getSpec();
        if (spec == null) {
            return b.build();
        }
        ExternalSecretTarget target = spec.getTarget();
        ExternalSecretTemplate template = target == null ? null : target.getTemplate();
        if (target != null) {
            b.creationPolicy(CreationPolicy.parse(target.getCreationPolicy()));
            b.deletionPolicy(DeletionPolicy.parse(target.getDeletionPolicy()));
        }
        String type = template != null && notBlank(template.getType()) ? template.getType() : spec.getType();
        b.type(notBlank(type) ? type : null);
        if (template != null && template.getMetadata() != null) {
            b.labels(template.getMetadata().getLabels());
            b.annotations(template.getMetadata().getAnnotations());
        }
        return b.build();
    }

    /** The target ({@code namespace/name}) of an ExternalSecret: {@code spec.target.name}, else its own name. */
    public static String targetOf(ExternalSecret es) {
        ExternalSecretSpec spec = es.getSpec();
        String name = spec != null && spec.getTarget() != null && notBlank(spec.getTarget().getName())
                ? spec.getTarget().getName() : es.getMetadata().getName();
        return es.getMetadata().getNamespace() + "/" + name;
    }

    public Owner owner() {
        return owner;
    }

    public CreationPolicy creationPolicy() {
        return creationPolicy;
    }

    public DeletionPolicy deletionPolicy() {
        return deletionPolicy;
    }

    /** The Secret type, or {@code null} for the default ({@code Opaque}). */
    public String type() {
        return type;
    }

    /** Labels set on the Secret (besides secret-sync's own); other labels on it are kept. */
    public Map<String, String> labels() {
        return labels;
    }

    /** Annotations set on the Secret (besides secret-sync's own); other annotations are kept. */
    public Map<String, String> annotations() {
        return annotations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetOptions other && owner.equals(other.owner) && creationPolicy == other.creationPolicy
                && deletionPolicy == other.deletionPolicy && Objects.equals(type, other.type)
                && labels.equals(other.labels) && annotations.equals(other.annotations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(owner, creationPolicy, deletionPolicy, type, labels, annotations);
    }

    @Override
    public String toString() {
        return "TargetOptions[owner=" + owner + ", creationPolicy=" + creationPolicy.value() + ", deletionPolicy="
                + deletionPolicy.value() + ", type=" + (type == null ? DEFAULT_TYPE : type) + ", labels="
                + new TreeMap<>(labels).keySet() + ", annotations=" + new TreeMap<>(annotations).keySet() + "]";
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** Builds {@link TargetOptions}; defaults: Owner, Retain, type from the data or Opaque. */
    public static final class Builder {
        private final Owner owner;
        private CreationPolicy creationPolicy = CreationPolicy.OWNER;
        private DeletionPolicy deletionPolicy = DeletionPolicy.RETAIN;
        private String type;
        private final Map<String, String> labels = new TreeMap<>();
        private final Map<String, String> annotations = new TreeMap<>();

        private Builder(Owner owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
        }

        public Builder creationPolicy(CreationPolicy value) {
            this.creationPolicy = Objects.requireNonNull(value, "creationPolicy");
            return this;
        }

        public Builder deletionPolicy(DeletionPolicy value) {
            this.deletionPolicy = Objects.requireNonNull(value, "deletionPolicy");
            return this;
        }

        public Builder type(String value) {
            if (value != null && value.isBlank()) {
                throw new IllegalArgumentException("type must not be blank");
            }
            this.type = value;
            return this;
        }

        public Builder labels(Map<String, String> values) {
            if (values != null) {
                values.forEach((k, v) -> labels.put(checkKey(k, "label"), Objects.requireNonNull(v, "label " + k)));
            }
            return this;
        }

        public Builder annotations(Map<String, String> values) {
            if (values != null) {
                values.forEach((k, v) -> annotations.put(checkKey(k, "annotation"),
                        Objects.requireNonNull(v, "annotation " + k)));
            }
            return this;
        }

        public TargetOptions build() {
            return new TargetOptions(this);
        }

        private static String checkKey(String key, String what) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException(what + " key must not be blank");
            }
            if (key.startsWith("secret-sync.dev/")) {
                throw new IllegalArgumentException(what + " '" + key + "' uses the reserved prefix secret-sync.dev/");
            }
            return key;
        }
    }
}
