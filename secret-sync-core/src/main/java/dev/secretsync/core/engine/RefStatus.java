package dev.secretsync.core.engine;

import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the engine knows about one reference: no secret material, safe to show in status and health.
 *
 * @param versionId           version of the value served, or {@code null} if none
 * @param lastSuccess         when the value served was fetched, or {@code null}
 * @param staleness           time since {@code lastSuccess}, or {@code null}
 * @param consecutiveFailures failed fetches since the last success
 * @param lastFailure         kind of the latest failure, if the latest fetch failed
 * @param lastFailureMessage  its message, if the latest fetch failed
 * @param nextRefresh         when the next periodic refresh is due, or {@code null} if none is
 */
public record RefStatus(SourceRef ref, String versionId, Instant lastSuccess, Duration staleness,
                        int consecutiveFailures, FailureKind lastFailure, String lastFailureMessage,
                        Instant nextRefresh) {

    public boolean hasValue() {
        return lastSuccess != null;
    }

    public Optional<FailureKind> failure() {
        return Optional.ofNullable(lastFailure);
    }
}
