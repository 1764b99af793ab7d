package dev.secretsync.controller.reconcile;

import dev.secretsync.controller.status.SyncState;
import dev.secretsync.controller.translate.ExternalSecretTranslation;
import dev.secretsync.core.SourceRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The {@link SyncState} of every ExternalSecret, one value each, and the users of each reference
 * and target Secret, kept in step with the translations. The reconcile of a resource changes its
 * state; engine events change only its last sync.
 */
final class SyncStates {

    private final Map<WorkKey, SyncState> states = new ConcurrentHashMap<>();
    private final UsersIndex<SourceRef> refUsers = new UsersIndex<>();
    private final UsersIndex<String> targetUsers = new UsersIndex<>();

    SyncState get(WorkKey key) {
        return states.getOrDefault(key, SyncState.NEW);
    }

    /** Applies {@code change} to the state of {@code key} (a new one if it has none) and returns the result. */
    SyncState update(WorkKey key, UnaryOperator<SyncState> change) {
        SyncState[] before = new SyncState[1];
        SyncState after = states.compute(key, (k, s) -> {
            before[0] = s == null ? SyncState.NEW : s;
            return change.apply(before[0]);
        });
        reindex(key, before[0].translation(), after.translation());
        return after;
    }

    /** Applies {@code change} to the state of {@code key} if it has one (an event never brings a dropped resource back). */
    void updateIfPresent(WorkKey key, UnaryOperator<SyncState> change) {
        states.computeIfPresent(key, (k, s) -> change.apply(s));
    }

    /** Forgets {@code key}; returns the state it had. */
    SyncState remove(WorkKey key) {
        SyncState gone = states.remove(key);
        if (gone == null) {
            return SyncState.NEW;
        }
        reindex(key, gone.translation(), null);
        return gone;
    }

    List<WorkKey> usersOfRef(SourceRef ref) {
        return refUsers.of(ref);
    }

    /** The ExternalSecrets writing {@code target} (more than one with the Merge creation policy). */
    List<WorkKey> usersOfTarget(String target) {
        return targetUsers.of(target);
    }

    /** The ExternalSecrets reading from store {@code storeId} (a scan: stores change rarely). */
    List<WorkKey> usersOfStore(String storeId) {
        return states.entrySet().stream()
                .filter(e -> e.getValue().translation() != null && e.getValue().translation().storeIds().contains(storeId))
                .map(Map.Entry::getKey).toList();
    }

    private void reindex(WorkKey key, ExternalSecretTranslation before, ExternalSecretTranslation after) {
        if (before == after) {
            return;
        }
        if (after != null) {
            after.refs().forEach(ref -> refUsers.add(ref, key));
            targetUsers.add(after.target(), key);
        }
        if (before != null) {
            before.refs().stream().filter(ref -> after == null || !after.refs().contains(ref))
                    .forEach(ref -> refUsers.remove(ref, key));
            if (after == null || !Objects.equals(before.target(), after.target())) {
                targetUsers.remove(before.target(), key);
            }
        }
    }
}
