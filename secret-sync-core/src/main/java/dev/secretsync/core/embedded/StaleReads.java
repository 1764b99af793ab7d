package dev.secretsync.core.embedded;

/** What a read does when the value held is older than the max staleness. */
public enum StaleReads {
    /** Serve it anyway (the default): an outage of the source does not become an outage of the service. Health and status report it. */
    SERVE,
    /** Throw {@link SecretUnavailableException}. */
    FAIL
}
