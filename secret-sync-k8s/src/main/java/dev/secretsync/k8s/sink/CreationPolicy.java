package dev.secretsync.k8s.sink;

/** How an ExternalSecret holds its Secret ({@code spec.target.creationPolicy}). */
public enum CreationPolicy {
    /** Creates and manages the Secret, with an owner reference to the ExternalSecret (the default). */
    OWNER("Owner"),
    /** Writes only its own keys into an existing Secret and keeps the rest; never creates one. */
    MERGE("Merge"),
    /** Creates and manages the Secret, without an owner reference. */
    ORPHAN("Orphan");

    private final String value;

    CreationPolicy(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The policy named {@code value}; {@code null} or blank means {@link #OWNER}. */
    public static CreationPolicy parse(String value) {
        if (value == null || value.isBlank()) {
            return OWNER;
        }
        for (CreationPolicy p : values()) {
            if (p.value.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("spec.target.creationPolicy must be Owner, Merge or Orphan, got '"
                + value + "'");
    }
}
