package dev.secretsync.core.spi;

/** Bad input for a transform: names the field at fault, never the value. */
public class TransformException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public TransformException(String field, String message) {
        this(field, message, null);
    }

    public TransformException(String field, String message, Throwable cause) {
        super(field + ": " + message, cause);
        this.field = field;
        this.reason = message;
    }

    /** The configuration field at fault, for example {@code spec.data[0].jmesPath[1].path}. */
    public String field() {
        return field;
    }

    /** What is wrong, without the field (the message is {@code field + ": " + reason}). */
    public String reason() {
        return reason;
    }
}
