package dev.secretsync.core.testing;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SecretSource;
import dev.secretsync.core.spi.SourceException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A source backed by a map, with scripted failures and call counters. */
public final class InMemorySource implements SecretSource {

    private final Map<SourceRef, SecretValue> values = new ConcurrentHashMap<>();
    private final Map<SourceRef, Deque<FailureKind>> scripted = new ConcurrentHashMap<>();
    private final Map<SourceRef, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile FailureKind outage;

    public InMemorySource put(SourceRef ref, String text, String version) {
        values.put(ref, SecretValue.text(text, version));
        return this;
    }

    public InMemorySource put(SourceRef ref, SecretValue value) {
        values.put(ref, value);
        return this;
    }

    /** The next calls for {@code ref} fail with these kinds, in order. */
    public InMemorySource failNext(SourceRef ref, FailureKind... kinds) {
        Deque<FailureKind> queue = scripted.computeIfAbsent(ref, r -> new ArrayDeque<>());
        synchronized (queue) {
            for (FailureKind kind : kinds) {
                queue.add(kind);
            }
        }
        return this;
    }

    /** Every call fails with {@code kind} until {@code outage(null)}. */
    public void outage(FailureKind kind) {
        this.outage = kind;
    }

    @Override
    public SecretValue fetch(SourceRef ref) throws SourceException {
        total.incrementAndGet();
        calls.computeIfAbsent(ref, r -> new AtomicInteger()).incrementAndGet();
        FailureKind failure = outage;
        Deque<FailureKind> queue = scripted.get(ref);
        if (failure == null && queue != null) {
            synchronized (queue) {
                failure = queue.poll();
            }
        }
        if (failure != null) {
            throw new SourceException(failure, "Test." + failure, "fetching " + ref + " failed: " + failure);
        }
        SecretValue value = values.get(ref);
        if (value == null) {
            throw new SourceException(FailureKind.NOT_FOUND, "Forbidden.ResourceNotFound", "no secret " + ref);
        }
        return value;
    }

    public int calls(SourceRef ref) {
        AtomicInteger n = calls.get(ref);
        return n == null ? 0 : n.get();
    }

    public int totalCalls() {
        return total.get();
    }

    public void resetCounters() {
        calls.clear();
        total.set(0);
    }
}
