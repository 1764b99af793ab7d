package dev.secretsync.transform;

/**
 * A template that cannot be parsed or rendered. Messages name template syntax, keys and functions,
 * never the data a template reads.
 */
final class TemplateError extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean located;

    TemplateError(String message) {
        this(message, false);
    }

    private TemplateError(String message, boolean located) {
        super(message);
        this.located = located;
    }

    static TemplateError at(int line, String message) {
        return new TemplateError("line " + line + ": " + message, true);
    }

    /** This error with the template line in front, unless it has one. */
    TemplateError atLine(int line) {
        return located ? this : at(line, getMessage());
    }
}
