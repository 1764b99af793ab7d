package dev.secretsync.controller.status;

import dev.secretsync.controller.translate.ExternalSecretTranslation;
import dev.secretsync.core.SyncDecision;
import dev.secretsync.core.event.SyncEvent;

/**
 * What the controller knows about one ExternalSecret between reconciles: one immutable value,
 * replaced whole, kept for the leader's lifetime (or until the resource goes).
 *
 * @param translation    the resource in engine terms; {@code null} until it translates
 * @param translatedFrom the resourceVersion the translation was made from, carried forward across the
 *                       controller's own writes of the resource (status, finalizer), which change no input
 * @param target         the Secret registered with the writer for it, or {@code null}
 * @param bound          whether the engine holds its binding
 * @param refreshSeen    the refresh-requested annotation's value at the last reconcile ({@code ""} for
 *                       none, {@code null} before the first)
 * @param lastSync       the engine's latest sync of the binding ({@code TargetWritten}, {@code TargetUnchanged}
 *                       or {@code WriteFailed}); {@code null} before the first and after the binding changed
 */
public record SyncState(ExternalSecretTranslation translation, String translatedFrom, String target, boolean bound,
                        String refreshSeen, SyncEvent lastSync) {

    /** Nothing known yet. */
    public static final SyncState NEW = new SyncState(null, null, null, false, null, null);

    public SyncState {
        if (lastSync != null && !(lastSync instanceof SyncEvent.TargetWritten
                || lastSync instanceof SyncEvent.TargetUnchanged || lastSync instanceof SyncEvent.WriteFailed)) {
            throw new IllegalArgumentException("not a sync outcome: " + lastSync.getClass().getSimpleName());
        }
    }

    public SyncState withTranslation(ExternalSecretTranslation translation, String translatedFrom) {
        return new SyncState(translation, translatedFrom, target, bound, refreshSeen, lastSync);
    }

    public SyncState withTranslatedFrom(String translatedFrom) {
        return new SyncState(translation, translatedFrom, target, bound, refreshSeen, lastSync);
    }

    public SyncState withTarget(String target) {
        return new SyncState(translation, translatedFrom, target, bound, refreshSeen, lastSync);
    }

    /** Bound or not; a change of binding forgets the last sync ({@code bindingChanged}). */
    public SyncState withBound(boolean bound, boolean bindingChanged) {
        return new SyncState(translation, translatedFrom, target, bound, refreshSeen, bindingChanged ? null : lastSync);
    }

    public SyncState withRefreshSeen(String refreshSeen) {
        return new SyncState(translation, translatedFrom, target, bound, refreshSeen, lastSync);
    }

    public SyncState withLastSync(SyncEvent lastSync) {
        return new SyncState(translation, translatedFrom, target, bound, refreshSeen, lastSync);
    }

    /**
     * Whether the engine has written the Secret, or found it as wanted, since the binding last
     * changed: only then may the status say it is there.
     */
    public boolean confirmed() {
        return lastSync != null && !(lastSync instanceof SyncEvent.TargetUnchanged u
                && u.decision() instanceof SyncDecision.KeepExisting k && k.reason() == SyncDecision.Reason.SOURCE_UNAVAILABLE);
    }
}
