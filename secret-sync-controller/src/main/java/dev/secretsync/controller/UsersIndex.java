package dev.secretsync.controller;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which ExternalSecrets (by namespace/name key) use a thing - a KMS reference, a target Secret - so
 * that an event about it finds them without a scan over every binding. Adds and removes are atomic
 * per thing, so a concurrent add never lands in a set that is being dropped.
 */
final class UsersIndex<T> {

    private final Map<T, Set<String>> users = new ConcurrentHashMap<>();

    void add(T thing, String user) {
        users.compute(thing, (t, set) -> {
            Set<String> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(user);
            return s;
        });
    }

    void remove(T thing, String user) {
        users.computeIfPresent(thing, (t, set) -> {
            set.remove(user);
            return set.isEmpty() ? null : set;
        });
    }

    List<String> of(T thing) {
        Set<String> set = users.get(thing);
        return set == null ? List.of() : List.copyOf(set);
    }

    void clear() {
        users.clear();
    }
}
