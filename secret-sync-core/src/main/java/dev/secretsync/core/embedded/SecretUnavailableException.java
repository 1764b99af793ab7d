package dev.secretsync.core.embedded;

import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import java.util.Optional;

/**
 * No value can be served for a secret: it was never fetched successfully, or (with
 * {@link StaleReads#FAIL}) the value held is older than the max staleness. The message names the
 * secret and the source's error, never a value.
 */
public class SecretUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient SourceRef ref;
    private final FailureKind kind;
    private final String code;

    public SecretUnavailableException(SourceRef ref, FailureKind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.ref = ref;
        this.kind = kind;
        this.code = code;
    }

    public SourceRef ref() {
        return ref;
    }

    /** The kind of the source's failure, if the source failed. */
    public Optional<FailureKind> kind() {
        return Optional.ofNullable(kind);
    }

    /** The source's own error code, if it gave one. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }
}
