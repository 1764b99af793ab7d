package dev.secretsync.core.engine;

/** Work for new or changed bindings and explicit requests goes ahead of periodic refreshes. */
enum Priority {
    HIGH, NORMAL;

    Priority max(Priority other) {
        return this == HIGH || other == HIGH ? HIGH : NORMAL;
    }
}
