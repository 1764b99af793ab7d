package dev.secretsync.core.embedded;

import dev.secretsync.core.engine.RefStatus;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import java.time.Duration;
import java.time.Instant;

/**
 * What is known about one secret, safe to show (no value, no hash of it).
 *
 * @param ref                 the secret
 * @param versionId           the version served, or {@code null} if none
 * @param lastRefresh         when the value served was fetched, or {@code null}
 * @param staleness           time since {@code lastRefresh}, or {@code null}
 * @param stale               true when there is no value or it is older than the max staleness
 * @param consecutiveFailures failed fetches since the last success
 * @param lastFailure         the kind of the latest failure, if the latest fetch failed
 * @param lastFailureMessage  its message (names and codes, no values)
 * @param nextRefresh         when the next periodic refresh is due, or {@code null}
 */
public record SecretStatus(SourceRef ref, String versionId, Instant lastRefresh, Duration staleness, boolean stale,
                           int consecutiveFailures, FailureKind lastFailure, String lastFailureMessage,
                           Instant nextRefresh) {

    static SecretStatus of(SourceRef ref, RefStatus status, Duration maxStaleness) {
        if (status == null) {
            return new SecretStatus(ref, null, null, null, true, 0, null, null, null);
        }
        boolean stale = !status.hasValue() || status.staleness().compareTo(maxStaleness) > 0;
        return new SecretStatus(ref, status.versionId(), status.lastSuccess(), status.staleness(), stale,
                status.consecutiveFailures(), status.lastFailure(), status.lastFailureMessage(), status.nextRefresh());
    }

    public String name() {
        return ref.name();
    }

    public boolean hasValue() {
        return lastRefresh != null;
    }
}
