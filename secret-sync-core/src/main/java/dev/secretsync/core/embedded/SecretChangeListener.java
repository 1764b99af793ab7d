package dev.secretsync.core.embedded;

/**
 * Told when a secret's content changes (not on the first read). Called on an engine thread, once
 * per change and never concurrently for the same secret: return quickly and hand long work to
 * another thread. An exception is logged (without the value) and ignored.
 */
@FunctionalInterface
public interface SecretChangeListener {
    void onChange(SecretChange change);
}
