package dev.secretsync.core.engine;

import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.Transform;
import dev.secretsync.core.spi.SecretSink;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to sync where: the references a target needs, how to turn their values into the target's
 * content, and the sink that holds the target. Immutable; replace a binding to change it.
 *
 * <p>Two bindings are equal when they would produce the same syncs (same id, target, sink,
 * references, transform and interval); registering an equal binding again is a no-op, a different
 * one is served ahead of periodic refreshes.
 */
public final class Binding {

    private final String id;
    private final String target;
    private final SecretSink sink;
    private final List<SourceRef> refs;
    private final Transform transform;
    private final Duration refreshInterval;
    private final boolean polled;

    private Binding(Builder b) {
        this.id = b.id;
        this.target = b.target != null ? b.target : b.id;
        this.sink = Objects.requireNonNull(b.sink, () -> "Binding '" + b.id + "': sink is required");
        if (b.refs.isEmpty()) {
            throw new IllegalArgumentException("Binding '" + b.id + "': at least one source reference is required");
        }
        this.refs = List.copyOf(b.refs);
        this.transform = b.transform != null ? b.transform : Transform.byName();
        this.refreshInterval = b.refreshInterval;
        this.polled = b.polled;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    /** The sink's name for what it holds (for a Kubernetes Secret: {@code namespace/name}). */
    public String target() {
        return target;
    }

    public SecretSink sink() {
        return sink;
    }

    public List<SourceRef> refs() {
        return refs;
    }

    public Transform transform() {
        return transform;
    }

    /** This binding's own refresh interval, overriding the engine default. */
    public Optional<Duration> refreshInterval() {
        return Optional.ofNullable(refreshInterval);
    }

    /**
     * Whether this binding asks for periodic refreshes. A reference is polled while any of its
     * bindings is; an unpolled binding is refreshed only on demand ({@code refreshNow}).
     */
    public boolean polled() {
        return polled;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Binding other && id.equals(other.id) && target.equals(other.target)
                && sink.equals(other.sink) && refs.equals(other.refs) && transform.equals(other.transform)
                && Objects.equals(refreshInterval, other.refreshInterval) && polled == other.polled;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, target, refs);
    }

    @Override
    public String toString() {
        return "Binding[" + id + " -> " + target + ", refs=" + refs + "]";
    }

    public static final class Builder {
        private final String id;
        private String target;
        private SecretSink sink;
        private final LinkedHashSet<SourceRef> refs = new LinkedHashSet<>();
        private Transform transform;
        private Duration refreshInterval;
        private boolean polled = true;

        private Builder(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("Binding id must not be blank");
            }
            this.id = id;
        }

        public Builder target(String target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        public Builder sink(SecretSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        public Builder source(SourceRef ref) {
            refs.add(Objects.requireNonNull(ref, "ref"));
            return this;
        }

        public Builder sources(List<SourceRef> refs) {
            refs.forEach(this::source);
            return this;
        }

        public Builder transform(Transform transform) {
            this.transform = Objects.requireNonNull(transform, "transform");
            return this;
        }

        public Builder refreshInterval(Duration interval) {
            if (interval != null && (interval.isNegative() || interval.isZero())) {
                throw new IllegalArgumentException("Binding '" + id + "': refreshInterval must be positive, got " + interval);
            }
            this.refreshInterval = interval;
            return this;
        }

        /** {@code false}: fetch once, then only on demand (for example a resource refreshed on change only). */
        public Builder polled(boolean polled) {
            this.polled = polled;
            return this;
        }

        public Binding build() {
            return new Binding(this);
        }
    }
}
