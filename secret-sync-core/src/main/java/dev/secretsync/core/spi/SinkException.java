package dev.secretsync.core.spi;

/** A failed write to a sink. The message must never contain secret material. */
public class SinkException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public SinkException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public SinkException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    /** Whether writing the same state again may succeed (a conflict, a 5xx) . */
    public boolean isRetryable() {
        return retryable;
    }
}
