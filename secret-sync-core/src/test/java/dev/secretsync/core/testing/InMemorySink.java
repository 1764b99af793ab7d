package dev.secretsync.core.testing;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.spi.SecretSink;
import dev.secretsync.core.spi.SinkException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink backed by a map, with write counters and scripted write failures. */
public final class InMemorySink implements SecretSink {

    private final Map<String, DesiredState> held = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile boolean failRetryable = true;

    @Override
    public Optional<String> currentHash(String target) {
        reads.incrementAndGet();
        return Optional.ofNullable(held.get(target)).map(DesiredState::hash);
    }

    @Override
    public void write(String target, DesiredState state) throws SinkException {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new SinkException("writing " + target + " failed (test)", failRetryable);
        }
        writes.incrementAndGet();
        held.put(target, state);
    }

    /** Someone else changes the target behind the engine's back. */
    public void tamper(String target, Map<String, String> data) {
        held.put(target, DesiredState.ofText(data));
    }

    /** The target disappears and nobody tells the engine (a lost write, a missed event). */
    public void lose(String target) {
        held.remove(target);
    }

    public void failNextWrites(int n, boolean retryable) {
        failRetryable = retryable;
        failNext.set(n);
    }

    public Optional<DesiredState> get(String target) {
        return Optional.ofNullable(held.get(target));
    }

    public String text(String target, String key) {
        DesiredState state = held.get(target);
        byte[] value = state == null ? null : state.get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    public int writes() {
        return writes.get();
    }

    public int size() {
        return held.size();
    }
}
