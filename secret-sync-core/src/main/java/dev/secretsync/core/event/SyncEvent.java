package dev.secretsync.core.event;

import dev.secretsync.core.SourceRef;
import dev.secretsync.core.SyncDecision;
import dev.secretsync.core.spi.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What the engine did, as typed values. Metrics, status and logs subscribe to these outside core.
 * No event carries secret material or a hash of it: only names, versions, keys and reasons.
 */
public sealed interface SyncEvent {

    Instant at();

    /** A fetch succeeded. {@code changed} is true when the content differs from the last good value. */
    record SecretFetched(Instant at, SourceRef ref, String versionId, Duration latency, boolean changed)
            implements SyncEvent {
    }

    /** A reference's content changed (not sent for the first fetch). */
    record SecretChanged(Instant at, SourceRef ref, String previousVersionId, String versionId)
            implements SyncEvent {
    }

    /**
     * A fetch failed after its retries. {@code staleFor} is how old the value still served is, or
     * {@code null} when there is none.
     */
    record FetchFailed(Instant at, SourceRef ref, FailureKind kind, String code, String message,
                       int consecutiveFailures, Duration staleFor) implements SyncEvent {
    }

    /** A failed attempt will be retried after {@code delay}. */
    record RetryScheduled(Instant at, SourceRef ref, int attempt, Duration delay, FailureKind kind)
            implements SyncEvent {
    }

    /** A store's source asked us to slow down; its request rate is now {@code permitsPerSecond}. */
    record StoreRateChanged(Instant at, String store, double permitsPerSecond, boolean throttled)
            implements SyncEvent {
    }

    /** A binding's target was written. */
    record TargetWritten(Instant at, String bindingId, String target, Set<String> keys) implements SyncEvent {
    }

    /** A sync left the target alone: it already matched, or there was a reason not to touch it. */
    record TargetUnchanged(Instant at, String bindingId, String target, SyncDecision decision) implements SyncEvent {
    }

    /** Writing a target failed; it keeps what it held. */
    record WriteFailed(Instant at, String bindingId, String target, String message, boolean retryable)
            implements SyncEvent {
    }
}
