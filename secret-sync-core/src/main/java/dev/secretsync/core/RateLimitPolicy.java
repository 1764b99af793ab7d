package dev.secretsync.core;

import java.time.Duration;

/**
 * A store's request budget: a token bucket of {@code permitsPerSecond} with room for {@code burst}
 * requests. When the source reports throttling the rate halves (down to {@code minPermitsPerSecond});
 * after each {@code recoveryPeriod} without throttling it grows by half again, back up to the
 * configured rate. Immutable.
 */
public final class RateLimitPolicy {

    private final double permitsPerSecond;
    private final int burst;
    private final double minPermitsPerSecond;
    private final Duration recoveryPeriod;

    private RateLimitPolicy(double permitsPerSecond, int burst, double minPermitsPerSecond, Duration recoveryPeriod) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("permitsPerSecond must be a positive number, got " + permitsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
        if (!(minPermitsPerSecond > 0) || minPermitsPerSecond > permitsPerSecond) {
            throw new IllegalArgumentException("minPermitsPerSecond must be in (0, " + permitsPerSecond + "], got "
                    + minPermitsPerSecond);
        }
        Durations.requirePositive(recoveryPeriod, "recoveryPeriod");
        this.permitsPerSecond = permitsPerSecond;
        this.burst = burst;
        this.minPermitsPerSecond = minPermitsPerSecond;
        this.recoveryPeriod = recoveryPeriod;
    }

    /**
     * {@code permitsPerSecond} with a burst of the same size (at least 1), a floor of a tenth of the
     * rate and a 10-second recovery period.
     */
    public static RateLimitPolicy perSecond(double permitsPerSecond) {
        return new RateLimitPolicy(permitsPerSecond, (int) Math.max(1, Math.floor(permitsPerSecond)),
                Math.min(permitsPerSecond, Math.max(0.1, permitsPerSecond / 10)), Duration.ofSeconds(10));
    }

    public RateLimitPolicy withBurst(int burst) {
        return new RateLimitPolicy(permitsPerSecond, burst, minPermitsPerSecond, recoveryPeriod);
    }

    public RateLimitPolicy withMinPermitsPerSecond(double min) {
        return new RateLimitPolicy(permitsPerSecond, burst, min, recoveryPeriod);
    }

    public RateLimitPolicy withRecoveryPeriod(Duration recoveryPeriod) {
        return new RateLimitPolicy(permitsPerSecond, burst, minPermitsPerSecond, recoveryPeriod);
    }

    public double permitsPerSecond() {
        return permitsPerSecond;
    }

    public int burst() {
        return burst;
    }

    public double minPermitsPerSecond() {
        return minPermitsPerSecond;
    }

    public Duration recoveryPeriod() {
        return recoveryPeriod;
    }

    @Override
    public String toString() {
        return "RateLimitPolicy[" + permitsPerSecond + "/s, burst=" + burst + ", min=" + minPermitsPerSecond
                + "/s, recovery=" + recoveryPeriod + "]";
    }
}
