package dev.secretsync.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Requests received, per action and per action and secret. */
final class RequestCounters {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String action, String secretName) {
        counts.computeIfAbsent(action, k -> new LongAdder()).increment();
        if (secretName != null) {
            counts.computeIfAbsent(action + '\n' + secretName, k -> new LongAdder()).increment();
        }
    }

    long get(String action) {
        LongAdder n = counts.get(action);
        return n == null ? 0 : n.sum();
    }

    long get(String action, String secretName) {
        return get(action + '\n' + secretName);
    }

    void reset() {
        counts.clear();
    }
}
