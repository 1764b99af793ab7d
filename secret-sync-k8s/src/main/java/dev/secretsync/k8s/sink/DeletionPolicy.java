package dev.secretsync.k8s.sink;

/** What happens to the Secret when its ExternalSecret goes away ({@code spec.target.deletionPolicy}). */
public enum DeletionPolicy {
    /** The Secret stays (the default): its owner reference is removed so garbage collection keeps it. */
    RETAIN("Retain"),
    /** The Secret is deleted (with Merge: only the keys secret-sync wrote are removed). */
    DELETE("Delete");

    private final String value;

    DeletionPolicy(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The policy named {@code value}; {@code null} or blank means {@link #RETAIN}. */
    public static DeletionPolicy parse(String value) {
        if (value == null || value.isBlank()) {
            return RETAIN;
        }
        for (DeletionPolicy p : values()) {
            if (p.value.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("spec.target.deletionPolicy must be Retain or Delete, got '" + value + "'");
    }
}
