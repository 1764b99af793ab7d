package dev.secretsync.core.event;

/**
 * Receives engine events. Called on engine threads: return quickly and do not block. An exception
 * thrown by a listener is logged and does not affect the engine or other listeners.
 */
@FunctionalInterface
public interface SyncListener {
    void onEvent(SyncEvent event);
}
