package dev.secretsync.core.engine;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.secretsync.core.RateLimitPolicy;
import dev.secretsync.core.RetryPolicy;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SecretSource;
import dev.secretsync.core.spi.SourceException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Fetches references single-flight: however many callers ask for the same reference at once, the
 * source sees one call (Caffeine dedupes in-flight loads and refreshes). Each call waits for its
 * store's rate limit, and retryable failures are retried with full-jitter backoff (resilience4j)
 * until the attempts or the caller's budget run out. Results always complete normally: a failure
 * is a {@link FetchResult} that still carries the last good value.
 */
final class Fetcher {

    private final SecretSource source;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final RetryPolicy retryPolicy;
    private final Function<String, RateLimitPolicy> rateLimits;
    private final DoubleSupplier random;
    private final Consumer<SyncEvent> events;

    private final Map<String, StoreLane> lanes = new ConcurrentHashMap<>();
    private final Map<SourceRef, Request> requests = new ConcurrentHashMap<>();
    private final AsyncLoadingCache<SourceRef, FetchResult> results;

    Fetcher(SecretSource source, Clock clock, ScheduledExecutorService scheduler, Executor workers,
                   RetryPolicy retryPolicy, Function<String, RateLimitPolicy> rateLimits, DoubleSupplier random,
                   Consumer<SyncEvent> events) {
        this.source = source;
        this.clock = clock;
        this.scheduler = scheduler;
        this.workers = workers;
        this.retryPolicy = retryPolicy;
        this.rateLimits = rateLimits;
        this.random = random;
        this.events = events;
        this.results = Caffeine.newBuilder()
                .executor(Runnable::run) // our loader schedules its own work; keep Caffeine off the common pool
                .buildAsync(new AsyncCacheLoader<SourceRef, FetchResult>() {
                    @Override
                    public CompletableFuture<FetchResult> asyncLoad(SourceRef ref, Executor executor) {
                        return attempt(ref, null);
                    }

                    @Override
                    public CompletableFuture<FetchResult> asyncReload(SourceRef ref, FetchResult previous, Executor executor) {
                        return attempt(ref, previous);
                    }
                });
    }

    /**
     * Fetches {@code ref} now, or joins the fetch already in flight.
     *
     * @param budget retries stop once this much time has passed since the fetch began
     */
    CompletableFuture<FetchResult> refresh(SourceRef ref, Priority priority, Duration budget) {
        requests.merge(ref, new Request(priority, budget), Request::merge);
        return results.synchronous().refresh(ref);
    }

    /** The latest completed result for {@code ref}, without fetching. */
    Optional<FetchResult> current(SourceRef ref) {
        return Optional.ofNullable(currentOrNull(ref));
    }

    /** {@link #current}, or {@code null}: the allocation-free form for the read path. */
    FetchResult currentOrNull(SourceRef ref) {
        CompletableFuture<FetchResult> future = results.getIfPresent(ref);
        if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
            return null;
        }
        return future.getNow(null);
    }

    /** Whether a first fetch of {@code ref} is still under way. */
    boolean isLoading(SourceRef ref) {
        CompletableFuture<FetchResult> future = results.getIfPresent(ref);
        return future != null && !future.isDone();
    }

    void forget(SourceRef ref) {
        results.synchronous().invalidate(ref);
        requests.remove(ref);
    }

    double permitsPerSecond(String store) {
        StoreLane lane = lanes.get(store);
        return lane == null ? rateLimits.apply(store).permitsPerSecond() : lane.permitsPerSecond();
    }

    int waiting() {
        return lanes.values().stream().mapToInt(StoreLane::waiting).sum();
    }

    void close() {
        lanes.values().forEach(StoreLane::close);
        results.synchronous().invalidateAll();
    }

    private CompletableFuture<FetchResult> attempt(SourceRef ref, FetchResult previous) {
        Request request = requests.remove(ref);
        Priority priority = request == null ? Priority.NORMAL : request.priority;
        Duration budget = request == null ? Duration.ofMinutes(1) : request.budget;
        Instant start = clock.instant();
        long deadline = start.toEpochMilli() + budget.toMillis();
        StoreLane lane = lanes.computeIfAbsent(ref.store(), store -> new StoreLane(rateLimits.apply(store), clock,
                scheduler, rate -> events.accept(new SyncEvent.StoreRateChanged(clock.instant(), store, rate,
                        rate < rateLimits.apply(store).permitsPerSecond()))));

        Retry retry = Retry.of(ref.toString(), RetryConfig.<SecretValue>custom()
                .maxAttempts(retryPolicy.maxAttempts())
                // Retries end within the budget (the refresh interval): the next refresh takes over.
                // While the whole store is failing there are none: one call per reference per interval.
                .retryOnException(t -> isRetryable(t) && deadline - clock.millis() > 1 && !lane.isFailing())
                .intervalBiFunction((attempt, outcome) -> backoff(attempt, deadline))
                .failAfterMaxAttempts(false)
                .build());
        retry.getEventPublisher().onRetry(e -> events.accept(new SyncEvent.RetryScheduled(clock.instant(), ref,
                e.getNumberOfRetryAttempts(), e.getWaitInterval(), kindOf(e.getLastThrowable()))));

        return retry.executeCompletionStage(scheduler, () -> lane.acquire(priority)
                        .thenApplyAsync(permit -> call(ref, lane), workers))
                .toCompletableFuture()
                .handle((value, error) -> {
                    Instant end = clock.instant();
                    Duration latency = Duration.between(start, end);
                    return error == null
                            ? FetchResult.success(value, end, latency)
                            : FetchResult.failure(previous, asSourceException(ref, error), end, latency);
                });
    }

    private SecretValue call(SourceRef ref, StoreLane lane) {
        try {
            SecretValue value = source.fetch(ref);
            if (value == null) {
                throw new SourceException(FailureKind.INVALID, null, "source returned no value for " + ref);
            }
            lane.onSuccess();
            return value;
        } catch (SourceException e) {
            if (e.kind() == FailureKind.THROTTLED) {
                lane.onThrottled();
            }
            if (e.kind().isRetryable()) {
                lane.onRetryableFailure();
            }
            throw new CompletionException(e);
        } catch (RuntimeException e) {
            lane.onRetryableFailure();
            // A source bug or an unclassified I/O problem: worth another try, and never fatal.
            throw new CompletionException(new SourceException(FailureKind.RETRYABLE, null,
                    "fetching " + ref + " failed: " + e.getClass().getName(), e));
        }
    }

    private long backoff(int retry, long deadline) {
        long ceiling = retryPolicy.backoffCeiling(retry).toMillis();
        long delay = (long) (random.getAsDouble() * ceiling);
        long remaining = deadline - clock.millis() - 1;
        return Math.max(1, Math.min(delay, remaining));
    }

    private static boolean isRetryable(Throwable t) {
        FailureKind kind = kindOf(t);
        return kind != null && kind.isRetryable();
    }

    private static FailureKind kindOf(Throwable t) {
        Throwable cause = unwrap(t);
        return cause instanceof SourceException se ? se.kind() : null;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static SourceException asSourceException(SourceRef ref, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof SourceException se) {
            return se;
        }
        return new SourceException(FailureKind.RETRYABLE, null,
                "fetching " + ref + " was interrupted: " + cause.getClass().getName(), cause);
    }

    private record Request(Priority priority, Duration budget) {
        Request merge(Request other) {
            return new Request(priority.max(other.priority),
                    budget.compareTo(other.budget) <= 0 ? budget : other.budget);
        }
    }
}
