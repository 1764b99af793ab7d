package dev.secretsync.testkit;

/** An error answered in KMS's JSON shape: HTTP status, Code and Message. */
final class KmsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;

    KmsException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static KmsException notFound(String what) {
        return new KmsException(404, "Forbidden.ResourceNotFound", "The resource not exists: " + what);
    }

    static KmsException invalidParameter(String message) {
        return new KmsException(400, "InvalidParameter", message);
    }

    static KmsException missingParameter(String name) {
        return new KmsException(400, "MissingParameter",
                "The input parameter \"" + name + "\" that is mandatory for processing this request is not supplied.");
    }
}
