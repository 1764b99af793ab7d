package dev.secretsync.core;

/** Bad input for a transform: names the field at fault, never the value. */
public class TransformException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    public TransformException(String field, String message) {
        this(field, message, null);
    }

    public TransformException(String field, String message, Throwable cause) {
        super(field + ": " + message, cause);
        this.field = field;
    }

    /** The configuration field at fault, for example {@code spec.data[0].jmesPath[1].path}. */
    public String field() {
        return field;
    }
}
