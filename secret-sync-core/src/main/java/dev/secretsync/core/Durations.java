package dev.secretsync.core;

import java.time.Duration;
import java.util.Objects;

/** The check every settings builder makes of a duration it takes. */
public final class Durations {

    private Durations() {
    }

    /** @throws IllegalArgumentException naming {@code field} unless {@code d} is positive */
    public static Duration requirePositive(Duration d, String field) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, got " + d);
        }
        return d;
    }
}
