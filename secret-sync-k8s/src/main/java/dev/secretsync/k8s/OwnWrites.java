package dev.secretsync.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read your own writes: the newest copy of the objects this process writes, which is the informer
 * cache's, or what the process's own last write returned while the cache has not caught up with
 * it. Decisions and the next write then start from the newest copy, so a write is neither repeated
 * nor refused for a stale resourceVersion.
 *
 * <p>An own copy stands in for an older cached one of the same object (resourceVersions are etcd
 * revisions; a re-created object, with another uid, is believed at once), and for a missing one
 * only while the process created the object and the cache has never shown it. Either way for at
 * most {@code grace}: an object deleted by someone else must not look present for long.
 * Thread-safe.
 */
public final class OwnWrites<T extends HasMetadata> {

    /** @param unseen created by this process and never shown by the cache since */
    private record Own<T>(T object, boolean unseen, Instant at) {
    }

    private final Map<String, Own<T>> written = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration grace;

    public OwnWrites(Clock clock, Duration grace) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    /** Records what a write of {@code key} returned; {@code created}: the write created the object. */
    public void wrote(String key, T result, boolean created) {
        if (result == null || result.getMetadata() == null || result.getMetadata().getResourceVersion() == null) {
            return;
        }
        written.compute(key, (k, previous) ->
                new Own<>(result, created || previous != null && previous.unseen(), clock.instant()));
    }

    /** The newest copy of {@code key}, given the cache's ({@code null}: the cache has none). */
    public T newest(String key, T cached) {
        Own<T> mine = written.get(key);
        if (mine == null) {
            return cached;
        }
        boolean standsIn = cached == null ? mine.unseen()
                : Objects.equals(cached.getMetadata().getUid(), mine.object().getMetadata().getUid())
                        && isOlder(cached, mine.object());
        if (standsIn && !clock.instant().isAfter(mine.at().plus(grace))) {
            return mine.object();
        }
        written.remove(key, mine);
        return cached;
    }

    /** Forgets the own copy of {@code key} (it is stale, or the object is no longer of interest). */
    public void forget(String key) {
        written.remove(key);
    }

    /** Whether the cache's copy predates ours. Not comparable (not numbers): believe the cache. */
    private static boolean isOlder(HasMetadata cached, HasMetadata mine) {
        try {
            return Long.parseLong(cached.getMetadata().getResourceVersion())
                    < Long.parseLong(mine.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
    }
}
