package dev.secretsync.core.spi;

import java.util.Objects;

/**
 * A classified failure to fetch a secret. The message names the secret and the store and says what
 * went wrong; it must never contain secret material.
 */
public class SourceException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureKind kind;
    private final String code;

    public SourceException(FailureKind kind, String code, String message) {
        this(kind, code, message, null);
    }

    public SourceException(FailureKind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = code;
    }

    public FailureKind kind() {
        return kind;
    }

    /** The source's own error code (for example {@code Rejected.Throttling}), or {@code null}. */
    public String code() {
        return code;
    }
}
