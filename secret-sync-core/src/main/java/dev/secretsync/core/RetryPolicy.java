package dev.secretsync.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How retryable fetch failures are retried: exponential backoff with full jitter (each delay is
 * uniform between zero and {@code min(maxBackoff, initialBackoff * multiplier^(attempt-1))}).
 * Retries never run past the reference's refresh interval: the next scheduled refresh takes over.
 * Immutable; build with {@link #custom()}.
 */
public final class RetryPolicy {

    private static final RetryPolicy DEFAULTS = custom().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.multiplier = b.multiplier;
    }

    /** 4 attempts, backoff from 1 s doubling up to 30 s. */
    public static RetryPolicy ofDefaults() {
        return DEFAULTS;
    }

    /** One attempt, no retries. */
    public static RetryPolicy none() {
        return custom().maxAttempts(1).build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** Attempts in all, the first one included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double multiplier() {
        return multiplier;
    }

    /**
     * The upper bound of the delay before retry number {@code retry} (1 for the first retry); the
     * actual delay is uniform in {@code [0, bound]}.
     */
    public Duration backoffCeiling(int retry) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
                + ", maxBackoff=" + maxBackoff + ", multiplier=" + multiplier + "]";
    }

    public static final class Builder {
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private double multiplier = 2.0;

        private Builder() {
        }

        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            Durations.requirePositive(initialBackoff, "initialBackoff");
            this.initialBackoff = initialBackoff;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            Durations.requirePositive(maxBackoff, "maxBackoff");
            this.maxBackoff = maxBackoff;
            return this;
        }

        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier must be at least 1.0, got " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        public RetryPolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be below initialBackoff ("
                        + initialBackoff + ")");
            }
            return new RetryPolicy(this);
        }
    }
}
