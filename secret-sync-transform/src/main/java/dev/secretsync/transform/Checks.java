package dev.secretsync.transform;

import dev.secretsync.core.spi.TransformException;
import java.util.regex.Pattern;

/** Kubernetes' rules for Secret keys, and argument checks. */
final class Checks {

    static final int MAX_KEY_LENGTH = 253;
    /** A Secret object as a whole may not exceed 1 MiB; data is most of it. */
    static final long MAX_TOTAL_BYTES = 1024 * 1024;
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private Checks() {
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    /** Checks a key taken from configuration: it is safe to show in the message. */
    static void validateKey(String key, String field) throws TransformException {
        validateKey(key, field, null);
    }

    /**
     * Checks a key; with a {@code description} the key came from a secret's content and is described,
     * not shown (a valid key would become visible in the Secret anyway, an invalid one never does).
     */
    static void validateKey(String key, String field, String description) throws TransformException {
        if (description != null) {
            try {
                validateKey(key, field, null);
            } catch (TransformException e) {
                throw new TransformException(field, description + " (" + key.length()
                        + " characters) is not a valid Secret key: keys are 1 to " + MAX_KEY_LENGTH
                        + " letters, digits, '-', '_' or '.', and not '.' or '..'; a replaceRule can rename it");
            }
            return;
        }
        if (key.isEmpty()) {
            throw new TransformException(field, "Secret key must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new TransformException(field, "Secret key '" + key.substring(0, 40) + "...' is " + key.length()
                    + " characters long; at most " + MAX_KEY_LENGTH + " are allowed");
        }
        if (!KEY.matcher(key).matches()) {
            throw new TransformException(field, "Secret key '" + printable(key)
                    + "' is invalid: use only letters, digits, '-', '_' and '.'");
        }
        if (key.equals(".") || key.equals("..") || key.startsWith("..")) {
            throw new TransformException(field, "Secret key '" + key + "' is invalid: it must not be '.' or start with '..'");
        }
    }

    private static String printable(String key) {
        StringBuilder out = new StringBuilder();
        key.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
