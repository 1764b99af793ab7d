package dev.secretsync.controller.translate;

/**
 * A resource asks for something that cannot be done as written. The message names the field (for
 * example {@code spec.data[1].secretStoreRef.kind}) and never contains a secret value.
 */
public final class InvalidSpecException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The condition reason for this failure. */
    public static final String REASON = "InvalidSpec";

    private final String field;

    public InvalidSpecException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The field at fault, for example {@code spec.rotationInterval}. */
    public String field() {
        return field;
    }
}
