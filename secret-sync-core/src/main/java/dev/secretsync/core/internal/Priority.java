package dev.secretsync.core.internal;

/** Work for new or changed bindings and explicit requests goes ahead of periodic refreshes. */
public enum Priority {
    HIGH, NORMAL;

    public Priority max(Priority other) {
        return this == HIGH || other == HIGH ? HIGH : NORMAL;
    }
}
