package dev.secretsync.core.engine;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.spi.SourceException;
import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of the latest fetch of one reference, together with the last good value. A failed
 * fetch keeps {@code value} from before: the engine serves stale, never empty.
 *
 * @param value               the last good value, or {@code null} if no fetch has succeeded
 * @param lastSuccess         when {@code value} was fetched, or {@code null}
 * @param error               the latest failure if the latest fetch failed, else {@code null}
 * @param consecutiveFailures failed fetches since the last success
 * @param attemptedAt         when the latest fetch finished
 * @param latency             how long the latest fetch took, waits and retries included
 */
record FetchResult(SecretValue value, Instant lastSuccess, SourceException error, int consecutiveFailures,
                          Instant attemptedAt, Duration latency) {

    static FetchResult success(SecretValue value, Instant at, Duration latency) {
        return new FetchResult(value, at, null, 0, at, latency);
    }

    static FetchResult failure(FetchResult previous, SourceException error, Instant at, Duration latency) {
        if (previous == null) {
            return new FetchResult(null, null, error, 1, at, latency);
        }
        return new FetchResult(previous.value, previous.lastSuccess, error, previous.consecutiveFailures + 1, at, latency);
    }

    boolean succeeded() {
        return error == null;
    }

    boolean hasValue() {
        return value != null;
    }

    /** Time since the last success, or {@code null} if there never was one. */
    Duration staleness(Instant now) {
        return lastSuccess == null ? null : Duration.between(lastSuccess, now);
    }
}
