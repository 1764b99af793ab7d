package dev.secretsync.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Faults the emulator injects into KMS API calls (not into STS or the credentials URI), switchable
 * while it runs. Random choices use the emulator's seeded {@link Random}, so a test that sets the
 * same seed sees the same sequence. Time comes from the emulator's clock.
 *
 * <p>Checked for every request, in this order: outage window, connection reset, added latency,
 * QPS limit, error answers (the next N first, then the share).
 */
public final class Faults {

    /** What happened to a request, as counted by {@link #injected(Kind)}. */
    public enum Kind {
        /** 503 ServiceUnavailableTemporary inside an outage window. */
        OUTAGE,
        /** The connection was closed before any response byte. */
        CONNECTION_RESET,
        /** The answer was delayed. */
        LATENCY,
        /** 429 Rejected.Throttling from the QPS limit. */
        THROTTLED,
        /** A 500 InternalFailure or 503 ServiceUnavailableTemporary answer. */
        SERVER_ERROR
    }

    /** The decision for one request; latency may accompany any outcome. */
    record Decision(Kind outcome, int status, Duration latency) {
        static final Decision PASS = new Decision(null, 0, Duration.ZERO);
    }

    private final Clock clock;
    private final Random random;
    private final Map<Kind, Long> injected = new EnumMap<>(Kind.class);

    private int qpsLimit;
    private long windowSecond = Long.MIN_VALUE;
    private int windowCount;
    private double errorShare;
    private int errorStatus = 500;
    private int failNext;
    private int failNextStatus = 503;
    private Duration latency = Duration.ZERO;
    private double resetShare;
    private int resetNext;
    private Instant outageFrom;
    private Instant outageUntil;

    Faults(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    /** Allows at most {@code qps} KMS calls per clock second; the rest get 429 Rejected.Throttling. 0 turns it off. */
    public synchronized Faults qpsLimit(int qps) {
        if (qps < 0) {
            throw new IllegalArgumentException("qps must be >= 0");
        }
        this.qpsLimit = qps;
        return this;
    }

    /** Answers this share (0..1) of calls with the given status: 500 InternalFailure or 503 ServiceUnavailableTemporary. */
    public synchronized Faults errorShare(double share, int status) {
        checkShare(share);
        checkStatus(status);
        this.errorShare = share;
        this.errorStatus = status;
        return this;
    }

    /** Answers the next {@code count} calls with the given status (500 or 503), then behaves again. */
    public synchronized Faults failNext(int count, int status) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        checkStatus(status);
        this.failNext = count;
        this.failNextStatus = status;
        return this;
    }

    /** Delays every KMS answer by this much (keep it small in tests, e.g. 200 ms). */
    public synchronized Faults latency(Duration added) {
        if (added.isNegative() || added.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("latency must be between 0 and 30 s");
        }
        this.latency = added;
        return this;
    }

    /** Closes this share (0..1) of connections before answering. */
    public synchronized Faults resetShare(double share) {
        checkShare(share);
        this.resetShare = share;
        return this;
    }

    /** Closes the connection of the next {@code count} calls before answering. */
    public synchronized Faults resetNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        this.resetNext = count;
        return this;
    }

    /** A full outage from {@code from} (inclusive) to {@code until} (exclusive) by the emulator's clock. */
    public synchronized Faults outage(Instant from, Instant until) {
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("an outage must end after it starts");
        }
        this.outageFrom = from;
        this.outageUntil = until;
        return this;
    }

    /** A full outage starting now for the given duration. */
    public synchronized Faults outageFor(Duration duration) {
        Instant now = clock.instant();
        return outage(now, now.plus(duration));
    }

    /** Turns every fault off (the counts of injected faults stay). */
    public synchronized void clear() {
        qpsLimit = 0;
        errorShare = 0;
        failNext = 0;
        latency = Duration.ZERO;
        resetShare = 0;
        resetNext = 0;
        outageFrom = null;
        outageUntil = null;
    }

    /** How many times this kind of fault was injected since start or {@link #resetCounts()}. */
    public synchronized long injected(Kind kind) {
        return injected.getOrDefault(kind, 0L);
    }

    public synchronized void resetCounts() {
        injected.clear();
    }

    synchronized Decision decide() {
        Instant now = clock.instant();
        Duration delay = latency;
        if (!delay.isZero()) {
            count(Kind.LATENCY);
        }
        if (outageFrom != null && !now.isBefore(outageFrom) && now.isBefore(outageUntil)) {
            count(Kind.OUTAGE);
            return new Decision(Kind.OUTAGE, 503, delay);
        }
        if (resetNext > 0) {
            resetNext--;
            count(Kind.CONNECTION_RESET);
            return new Decision(Kind.CONNECTION_RESET, 0, delay);
        }
        if (resetShare > 0 && random.nextDouble() < resetShare) {
            count(Kind.CONNECTION_RESET);
            return new Decision(Kind.CONNECTION_RESET, 0, delay);
        }
        if (qpsLimit > 0) {
            long second = now.getEpochSecond();
            if (second != windowSecond) {
                windowSecond = second;
                windowCount = 0;
            }
            if (windowCount >= qpsLimit) {
                count(Kind.THROTTLED);
                return new Decision(Kind.THROTTLED, 429, delay);
            }
            windowCount++;
        }
        if (failNext > 0) {
            failNext--;
            count(Kind.SERVER_ERROR);
            return new Decision(Kind.SERVER_ERROR, failNextStatus, delay);
        }
        if (errorShare > 0 && random.nextDouble() < errorShare) {
            count(Kind.SERVER_ERROR);
            return new Decision(Kind.SERVER_ERROR, errorStatus, delay);
        }
        return delay.isZero() ? Decision.PASS : new Decision(null, 0, delay);
    }

    private void count(Kind kind) {
        injected.merge(kind, 1L, Long::sum);
    }

    private static void checkShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be between 0 and 1");
        }
    }

    private static void checkStatus(int status) {
        if (status != 500 && status != 503) {
            throw new IllegalArgumentException("status must be 500 or 503");
        }
    }

    static KmsException errorFor(Decision d) {
        return switch (d.outcome()) {
            case THROTTLED -> new KmsException(429, "Rejected.Throttling", "QPS Limit Exceeded");
            case OUTAGE -> new KmsException(503, "ServiceUnavailableTemporary",
                    "The service is temporarily unavailable. Please try again later.");
            case SERVER_ERROR -> d.status() == 503
                    ? new KmsException(503, "ServiceUnavailableTemporary",
                            "The service is temporarily unavailable. Please try again later.")
                    : new KmsException(500, "InternalFailure", "The request processing has failed due to some unknown error.");
            default -> throw new IllegalStateException("not an error: " + d);
        };
    }
}
