package dev.secretsync.controller.reconcile;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which ExternalSecrets use a thing - a KMS reference, a target Secret - so that an event about it
 * finds them without a scan over every resource. Adds and removes are atomic per thing, so a
 * concurrent add never lands in a set that is being dropped.
 */
final class UsersIndex<T> {

    private final Map<T, Set<WorkKey>> users = new ConcurrentHashMap<>();

    void add(T thing, WorkKey user) {
        users.compute(thing, (t, set) -> {
            Set<WorkKey> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(user);
            return s;
        });
    }

    void remove(T thing, WorkKey user) {
        users.computeIfPresent(thing, (t, set) -> {
            set.remove(user);
            return set.isEmpty() ? null : set;
        });
    }

    List<WorkKey> of(T thing) {
        Set<WorkKey> set = users.get(thing);
        return set == null ? List.of() : List.copyOf(set);
    }
}
