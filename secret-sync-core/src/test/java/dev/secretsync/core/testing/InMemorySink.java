package dev.secretsync.core.testing;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.spi.SecretSink;
import dev.secretsync.core.spi.SinkException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink backed by a map, with write counters and scripted write failures. Keeps held keys as a real sink does. */
public final class InMemorySink implements SecretSink {

    /** What a target holds: the last state written, and its content with the held keys kept. */
    private record Target(DesiredState state, Map<String, byte[]> content) {
    }

    private final Map<String, Target> held = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile boolean failRetryable = true;

    @Override
    public Optional<String> currentHash(String target) {
        reads.incrementAndGet();
        return Optional.ofNullable(held.get(target)).map(t -> t.state().hash());
    }

    @Override
    public void write(String target, DesiredState state) throws SinkException {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new SinkException("writing " + target + " failed (test)", failRetryable);
        }
        writes.incrementAndGet();
        Map<String, byte[]> content = new TreeMap<>(state.data());
        Target before = held.get(target);
        if (before != null) {
            before.content().forEach((key, value) -> {
                if (state.holds(key)) {
                    content.put(key, value);
                }
            });
        }
        held.put(target, new Target(state, content));
    }

    /** Someone else changes the target behind the engine's back. */
    public void tamper(String target, Map<String, String> data) {
        DesiredState state = DesiredState.ofText(data);
        held.put(target, new Target(state, state.data()));
    }

    /** The target disappears and nobody tells the engine (a lost write, a missed event). */
    public void lose(String target) {
        held.remove(target);
    }

    public void failNextWrites(int n, boolean retryable) {
        failRetryable = retryable;
        failNext.set(n);
    }

    /** The last state written to {@code target}. */
    public Optional<DesiredState> get(String target) {
        return Optional.ofNullable(held.get(target)).map(Target::state);
    }

    /** What {@code target} holds under {@code key} (a held key keeps its earlier value), or {@code null}. */
    public String text(String target, String key) {
        Target t = held.get(target);
        byte[] value = t == null ? null : t.content().get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    public int writes() {
        return writes.get();
    }

    public int size() {
        return held.size();
    }
}
