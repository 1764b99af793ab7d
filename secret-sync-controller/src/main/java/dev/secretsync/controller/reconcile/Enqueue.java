package dev.secretsync.controller.reconcile;

import java.time.Duration;

/** Puts work on the controller's queue: a reconciler asks for other resources, or for itself later. */
@FunctionalInterface
public interface Enqueue {

    /** Reconcile {@code key} once {@code delay} has passed (a key waiting already is not queued twice). */
    void addAfter(WorkKey key, Duration delay);

    /** Reconcile {@code key} soon. */
    default void add(WorkKey key) {
        addAfter(key, Duration.ZERO);
    }
}
