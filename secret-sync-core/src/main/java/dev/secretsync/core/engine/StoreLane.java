package dev.secretsync.core.engine;

import dev.secretsync.core.RateLimitPolicy;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;

/**
 * One store's request budget: a token bucket whose rate halves when the source throttles and
 * recovers step by step afterwards (AIMD-like). Waiters never block a thread: {@link #acquire}
 * returns a future that a timer on the scheduler completes, high priority first.
 */
final class StoreLane {

    /** Retryable failures in a row (any reference) after which the store counts as failing. */
    static final int FAILING_AFTER = 10;

    private final RateLimitPolicy policy;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final DoubleConsumer onRateChange;

    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final ArrayDeque<CompletableFuture<Void>> high = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Void>> normal = new ArrayDeque<>();
    private double rate;
    private double tokens;
    private long lastRefillMillis;
    private long lastRateChangeMillis;
    private ScheduledFuture<?> drainTimer;
    private boolean closed;

    StoreLane(RateLimitPolicy policy, Clock clock, ScheduledExecutorService scheduler, DoubleConsumer onRateChange) {
        this.policy = policy;
        this.clock = clock;
        this.scheduler = scheduler;
        this.onRateChange = onRateChange;
        this.rate = policy.permitsPerSecond();
        this.tokens = policy.burst();
        this.lastRefillMillis = clock.millis();
        this.lastRateChangeMillis = lastRefillMillis;
    }

    /** Completes when the caller may send one request. */
    CompletableFuture<Void> acquire(Priority priority) {
        CompletableFuture<Void> permit = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                permit.cancel(false);
                return permit;
            }
            refill();
            if (high.isEmpty() && normal.isEmpty() && tokens >= 1) {
                tokens -= 1;
                permit.complete(null);
                return permit;
            }
            (priority == Priority.HIGH ? high : normal).add(permit);
            scheduleDrain();
        }
        return permit;
    }

    /** A call to the store failed in a way worth retrying (outage, throttling, I/O). */
    void onRetryableFailure() {
        failuresInARow.incrementAndGet();
    }

    /** A call to the store succeeded: it is healthy again. */
    void onSuccess() {
        failuresInARow.set(0);
    }

    /**
     * Whether the store is failing (many failures in a row, no success since). While it is, fetches
     * are not retried: each reference costs one call per refresh interval, not a retry storm.
     */
    boolean isFailing() {
        return failuresInARow.get() >= FAILING_AFTER;
    }

    /** The source said "too many requests": halve the rate, down to the floor. */
    void onThrottled() {
        double newRate;
        synchronized (this) {
            refill();
            newRate = Math.max(policy.minPermitsPerSecond(), rate / 2);
            rate = newRate;
            tokens = Math.min(tokens, 0);
            lastRateChangeMillis = clock.millis();
        }
        onRateChange.accept(newRate);
    }

    synchronized double permitsPerSecond() {
        refill();
        return rate;
    }

    synchronized int waiting() {
        return high.size() + normal.size();
    }

    void close() {
        List<CompletableFuture<Void>> abandoned = new ArrayList<>();
        synchronized (this) {
            closed = true;
            abandoned.addAll(high);
            abandoned.addAll(normal);
            high.clear();
            normal.clear();
            if (drainTimer != null) {
                drainTimer.cancel(false);
            }
        }
        abandoned.forEach(f -> f.cancel(false));
    }

    private void drain() {
        List<CompletableFuture<Void>> granted = new ArrayList<>();
        synchronized (this) {
            drainTimer = null;
            if (closed) {
                return;
            }
            refill();
            while (tokens >= 1 && !(high.isEmpty() && normal.isEmpty())) {
                tokens -= 1;
                granted.add(high.isEmpty() ? normal.poll() : high.poll());
            }
            if (!(high.isEmpty() && normal.isEmpty())) {
                scheduleDrain();
            }
        }
        granted.forEach(f -> f.complete(null));
    }

    // Caller holds the lock.
    private void scheduleDrain() {
        if (drainTimer != null) {
            return;
        }
        long waitMillis = (long) Math.ceil(Math.max(0, 1 - tokens) * 1000 / rate);
        drainTimer = scheduler.schedule(this::drain, Math.max(1, waitMillis), TimeUnit.MILLISECONDS);
    }

    // Caller holds the lock.
    private void refill() {
        long now = clock.millis();
        boolean recovered = false;
        // Grow by half for every quiet recovery period since the last change.
        while (rate < policy.permitsPerSecond()
                && now - lastRateChangeMillis >= policy.recoveryPeriod().toMillis()) {
            rate = Math.min(policy.permitsPerSecond(), rate * 1.5);
            lastRateChangeMillis += policy.recoveryPeriod().toMillis();
            recovered = true;
        }
        long elapsed = now - lastRefillMillis;
        if (elapsed > 0) {
            tokens = Math.min(policy.burst(), tokens + elapsed * rate / 1000.0);
            lastRefillMillis = now;
        }
        if (recovered) {
            double newRate = rate;
            scheduler.execute(() -> onRateChange.accept(newRate));
        }
    }
}
