package dev.secretsync.controller.status;

import dev.secretsync.controller.translate.ExternalSecretTranslation;
import dev.secretsync.controller.translate.InvalidSpecException;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.SyncDecision;
import dev.secretsync.core.engine.RefStatus;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.k8s.Conditions;
import dev.secretsync.k8s.model.DataSyncResult;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretStatus;
import dev.secretsync.transform.DataEntry;
import dev.secretsync.transform.DataProcess;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The status an ExternalSecret should have: a pure function of the resource (its previous
 * status), its sync state and what the engine knows of each reference. Messages name secrets,
 * stores and keys, never values. A result equal to the resource's status means no write, and a
 * key's synchronization time moves only when its result changes, so an unchanged cycle writes
 * nothing.
 */
public final class ExternalSecretStatuses {

    public static final String SYNCED = "SecretSynced";
    public static final String SYNC_ERROR = "SecretSyncedError";
    public static final String PROVIDER_ERROR = "ProviderError";
    public static final String STORE_NOT_READY = "StoreNotReady";
    public static final String INVALID_SPEC = InvalidSpecException.REASON;

    /**
     * @param status            the status to have
     * @param everySecretFailed no secret of the resource could be fetched (for {@code --cleanup-secret-on-failure})
     */
    public record Computed(ExternalSecretStatus status, boolean everySecretFailed) {
    }

    private ExternalSecretStatuses() {
    }

    /** {@code Ready=False} with {@code reason}: a resource that cannot sync as it is. The per-key results stay. */
    public static ExternalSecretStatus failed(ExternalSecret es, String reason, String message, Clock clock) {
        ExternalSecretStatus previous = es.getStatus();
        ExternalSecretStatus next = new ExternalSecretStatus();
        next.setDataSyncResults(previous == null ? null : previous.getDataSyncResults());
        next.setConditions(Conditions.set(previous == null ? null : previous.getConditions(), Conditions.READY, false,
                reason, message, es.getMetadata().getGeneration(), clock));
        return next;
    }

    /**
     * The status of a resource that syncs (it has a translation), or empty while it is not known
     * yet: its secrets are still being fetched, or they were and the Secret is not written (or
     * checked) yet, since {@code Ready} says the Secret is there.
     */
    public static Optional<Computed> of(ExternalSecret es, SyncState state, Function<SourceRef, Optional<RefStatus>> refs,
                                        Clock clock) {
        ExternalSecretTranslation t = Objects.requireNonNull(state.translation(), "translation");
        ExternalSecretStatus previous = es.getStatus();
        List<SourceRef> entries = entryRefs(t);
        List<DataSyncResult> results = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        int withValue = 0;
        for (SourceRef ref : entries) {
            Optional<RefStatus> s = refs.apply(ref);
            boolean hasValue = s.map(RefStatus::hasValue).orElse(false);
            String failure = s.flatMap(RefStatus::failure).isPresent() ? s.get().lastFailureMessage() : null;
            String result;
            if (hasValue) {
                result = failure == null ? "Succeeded" : "Warning"; // Warning: serving the last good value
                withValue++;
            } else if (failure != null) {
                result = "Failed";
                failing.add(ref.name());
            } else {
                continue; // not fetched yet
            }
            results.add(result(previous, ref.name(), result, failure == null ? "" : failure, clock));
        }
        boolean everyFailed = false;
        boolean ready;
        String reason;
        String message;
        if (state.lastSync() instanceof SyncEvent.WriteFailed w) {
            ready = false;
            reason = SYNC_ERROR;
            message = w.message();
        } else if (invalidInput(state.lastSync()) instanceof SyncDecision.KeepExisting keep) {
            ready = false;
            reason = INVALID_SPEC;
            message = (keep.detail() == null ? "the fetched data does not fit the spec" : keep.detail())
                    + "; the Secret keeps its content";
        } else if (!failing.isEmpty()) {
            ready = false;
            reason = PROVIDER_ERROR;
            everyFailed = withValue == 0;
            message = everyFailed ? "no secret could be fetched: " + String.join(", ", failing)
                    : "failed: " + String.join(", ", failing) + "; their keys keep their old values";
        } else if (withValue > 0 && results.size() == entries.size()) {
            if (state.bound() && !state.confirmed()) {
                return Optional.empty();
            }
            ready = true;
            reason = SYNCED;
            message = "Secret " + t.target() + " is in sync";
        } else if (!state.bound()) {
            ready = true;
            reason = SYNCED;
            message = "Secret " + t.target() + " was created once (refreshPolicy CreatedOnce)";
        } else {
            return Optional.empty(); // still fetching
        }
        ExternalSecretStatus next = new ExternalSecretStatus();
        next.setDataSyncResults(results);
        next.setConditions(Conditions.set(previous == null ? null : previous.getConditions(), Conditions.READY, ready,
                reason, message, es.getMetadata().getGeneration(), clock));
        return Optional.of(new Computed(next, everyFailed));
    }

    /** The decision of a sync that found the fetched data not fitting the spec, or {@code null}. */
    private static SyncDecision invalidInput(SyncEvent lastSync) {
        return lastSync instanceof SyncEvent.TargetUnchanged u && u.decision() instanceof SyncDecision.KeepExisting k
                && k.reason() == SyncDecision.Reason.INVALID_INPUT ? k : null;
    }

    private static DataSyncResult result(ExternalSecretStatus previous, String key, String state, String reason, Clock clock) {
        DataSyncResult r = new DataSyncResult();
        r.setExternalSecretKey(key);
        r.setStatus(state);
        r.setReason(reason);
        String time = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        if (previous != null && previous.getDataSyncResults() != null) {
            for (DataSyncResult old : previous.getDataSyncResults()) {
                if (key.equals(old.getExternalSecretKey()) && state.equals(old.getStatus())
                        && Objects.equals(reason, old.getReason()) && old.getSynchronizationTime() != null) {
                    time = old.getSynchronizationTime(); // unchanged: no write
                }
            }
        }
        r.setSynchronizationTime(time);
        return r;
    }

    /** One reference per data and dataProcess entry, in order (an entry may repeat a reference). */
    private static List<SourceRef> entryRefs(ExternalSecretTranslation t) {
        List<SourceRef> refs = new ArrayList<>();
        t.mapping().data().stream().map(DataEntry::source).forEach(refs::add);
        t.mapping().dataProcess().stream().map(DataProcess::extract).forEach(refs::add);
        return refs;
    }
}
