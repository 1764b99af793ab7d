package dev.secretsync.core.spi;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;

/**
 * Where secrets come from (KMS, or anything else). Implementations must be thread-safe; the engine
 * calls {@link #fetch} from its worker threads, at most once at a time per {@link SourceRef}, and
 * takes care of caching, rate limiting and retrying.
 */
@FunctionalInterface
public interface SecretSource {

    /**
     * Fetches one secret version.
     *
     * @throws SourceException classified so the engine knows whether to retry or slow down
     */
    SecretValue fetch(SourceRef ref) throws SourceException;
}
