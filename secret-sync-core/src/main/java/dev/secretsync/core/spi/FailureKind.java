package dev.secretsync.core.spi;

/** How a source failure should be handled. A source classifies every failure it reports. */
public enum FailureKind {
    /** Transient (5xx, timeout, connection reset): retry with backoff. */
    RETRYABLE(true),
    /** The source asked us to slow down (for example HTTP 429): retry, and lower the store's rate. */
    THROTTLED(true),
    /** The secret or version does not exist. Not retried until the next scheduled refresh. */
    NOT_FOUND(false),
    /** Credentials were refused or lack permission. Not retried. */
    DENIED(false),
    /** The request or configuration is wrong. Not retried. */
    INVALID(false);

    private final boolean retryable;

    FailureKind(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
