package dev.secretsync.core.embedded;

import dev.secretsync.core.engine.Binding;
import dev.secretsync.core.DesiredState;
import dev.secretsync.core.Durations;
import dev.secretsync.core.RateLimitPolicy;
import dev.secretsync.core.RetryPolicy;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.engine.SyncEngine;
import dev.secretsync.core.spi.Transform;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.event.SyncListener;
import dev.secretsync.core.spi.SecretSink;
import dev.secretsync.core.spi.SecretSource;
import dev.secretsync.core.spi.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;

/**
 * Secrets for a JVM service, kept fresh in the background.
 *
 * <pre>{@code
 * try (SecretSync secrets = SecretSync.builder(source)
 *         .refreshInterval(Duration.ofMinutes(5))
 *         .maxStaleness(Duration.ofHours(1))
 *         .listener(change -> pool.rotate(change.value()))
 *         .build()) {
 *     String password = secrets.getJsonField("app-db", "password");
 * }
 * }</pre>
 *
 * <p>The first read of a secret waits for one fetch (at most {@code firstReadTimeout}); from then on
 * the secret is refreshed on a jittered schedule and <b>reads never wait</b>: they get the value
 * held, even while a refresh runs or after refreshes failed (stale-while-revalidate). Each secret
 * has at most one fetch in flight, however many threads read it. Built on {@link SyncEngine}, so
 * retries, rate limits and single-flight fetching are the engine's.
 *
 * <p>Thread-safe. Nothing here logs or prints a value.
 */
public final class SecretSync implements AutoCloseable {

    /** The store name used when none is set. */
    public static final String DEFAULT_STORE = "default";

    private static final System.Logger LOG = System.getLogger(SecretSync.class.getName());
    private static final String BINDING_PREFIX = "secret-sync:";

    private final SyncEngine engine;
    private final String store;
    private final Clock clock;
    private final Duration refreshInterval;
    private final Duration maxStaleness;
    private final StaleReads staleReads;
    private final Duration firstReadTimeout;
    private final AutoCloseable ownedSource;
    private final List<SecretChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<SourceRef, Boolean> tracked = new ConcurrentHashMap<>();
    /** The current-version reference of each name read so far, so a read by name allocates nothing. */
    private final Map<String, SourceRef> currentRefs = new ConcurrentHashMap<>();

    private SecretSync(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.refreshInterval = b.refreshInterval;
        this.maxStaleness = b.maxStaleness != null ? b.maxStaleness : b.refreshInterval.multipliedBy(5);
        if (maxStaleness.compareTo(refreshInterval) < 0) {
            throw new IllegalArgumentException("maxStaleness (" + maxStaleness + ") must not be below refreshInterval ("
                    + refreshInterval + ")");
        }
        this.staleReads = b.staleReads;
        this.firstReadTimeout = b.firstReadTimeout;
        this.ownedSource = b.closeSource && b.source instanceof AutoCloseable c ? c : null;
        this.listeners.addAll(b.listeners);
        SyncEngine.Builder engineBuilder = SyncEngine.builder(b.source)
                .clock(b.clock)
                .refreshInterval(b.refreshInterval)
                .jitter(b.jitter)
                .retry(b.retry)
                .rateLimit(b.rateLimit)
                .listener(this::onEngineEvent);
        if (b.scheduler != null) {
            engineBuilder.scheduler(b.scheduler);
        }
        if (b.workers != null) {
            engineBuilder.workers(b.workers);
        }
        if (b.random != null) {
            engineBuilder.random(b.random);
        }
        b.engineListeners.forEach(engineBuilder::listener);
        this.engine = engineBuilder.build();
        b.tracked.forEach(name -> track(ref(name)));
    }

    /** A builder over any source. Reads go to the store {@value #DEFAULT_STORE} unless {@link Builder#store} says otherwise. */
    public static Builder builder(SecretSource source) {
        return new Builder(source);
    }

    // ---- references ----

    /** The current version of {@code name} in this instance's store. */
    public SourceRef ref(String name) {
        return SourceRef.current(store, name);
    }

    /** The version of {@code name} carrying {@code stage} (for example {@code ACSPrevious}). */
    public SourceRef stage(String name, String stage) {
        return SourceRef.stage(store, name, stage);
    }

    /** The version of {@code name} with id {@code versionId}. */
    public SourceRef version(String name, String versionId) {
        return SourceRef.versionId(store, name, versionId);
    }

    // ---- reads ----

    /** The current value of {@code name}. See {@link #get(SourceRef)}. */
    public SecretValue get(String name) {
        return get(currentRef(name));
    }

    /**
     * The value of {@code ref}. Once a value is held, returns it at once, without waiting for any
     * refresh. The first read waits for one fetch, at most {@code firstReadTimeout}.
     *
     * @throws SecretUnavailableException if no value could be had (or, with {@link StaleReads#FAIL},
     *                                    the value is older than the max staleness)
     */
    public SecretValue get(SourceRef ref) {
        Optional<SecretValue> held = cachedOrTrack(ref);
        if (held.isPresent()) {
            return checkFresh(ref, held.get());
        }
        CompletableFuture<SecretValue> first = engine.value(ref);
        try {
            return checkFresh(ref, first.get(firstReadTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(ref, "interrupted while waiting for the first fetch of " + ref, e);
        } catch (TimeoutException e) {
            throw unavailable(ref, "no value for " + ref + " within " + firstReadTimeout, null);
        } catch (ExecutionException e) {
            throw unavailable(ref, e.getCause());
        }
    }

    /**
     * The value of {@code ref} without blocking: completes at once when a value is held, otherwise
     * after the first fetch. Fails with {@link SecretUnavailableException}.
     */
    public CompletableFuture<SecretValue> getAsync(SourceRef ref) {
        Optional<SecretValue> held = cachedOrTrack(ref);
        if (held.isPresent()) {
            return CompletableFuture.supplyAsync(() -> checkFresh(ref, held.get()), Runnable::run);
        }
        return engine.value(ref).handle((value, error) -> {
            if (error != null) {
                throw unavailable(ref, error);
            }
            return checkFresh(ref, value);
        });
    }

    /** The value held for {@code ref}, if any, without fetching or waiting (it may be stale). */
    public Optional<SecretValue> peek(SourceRef ref) {
        return engine.cached(ref);
    }

    public String getString(String name) {
        return get(name).asString();
    }

    public String getString(SourceRef ref) {
        return get(ref).asString();
    }

    public byte[] getBytes(String name) {
        return get(name).asBytes();
    }

    public byte[] getBytes(SourceRef ref) {
        return get(ref).asBytes();
    }

    /** One field of a JSON secret. See {@link #getJsonField(SourceRef, String)}. */
    public String getJsonField(String name, String field) {
        return getJsonField(ref(name), field);
    }

    /**
     * One field of a JSON secret: a JSON Pointer ({@code /db/password}) or a dotted path
     * ({@code db.password}, {@code hosts[0]}).
     *
     * @throws NoSuchElementException   if the secret has no such field
     * @throws IllegalArgumentException if the secret is not JSON or the field is an object or array
     */
    public String getJsonField(SourceRef ref, String field) {
        Objects.requireNonNull(field, "field");
        return JsonSecrets.field(asJson(ref), field)
                .orElseThrow(() -> new NoSuchElementException("secret " + ref + " has no JSON field '" + field + "'"));
    }

    /** Every scalar field of a JSON secret, keyed by dotted path (see {@link JsonSecrets#flatten}). */
    public Map<String, String> getJsonFields(String name) {
        return getJsonFields(ref(name));
    }

    public Map<String, String> getJsonFields(SourceRef ref) {
        return JsonSecrets.flatten(asJson(ref));
    }

    private String asJson(SourceRef ref) {
        return get(ref).asString(); // JsonSecrets' parse errors carry an offset only
    }

    // ---- refresh and status ----

    /** Fetches {@code name} now, ahead of periodic refreshes (joining a fetch already in flight). */
    public CompletableFuture<SecretStatus> refreshNow(String name) {
        return refreshNow(ref(name));
    }

    public CompletableFuture<SecretStatus> refreshNow(SourceRef ref) {
        track(ref);
        return engine.refreshNow(ref).thenApply(status -> SecretStatus.of(ref, status, maxStaleness));
    }

    /** Fetches every secret read so far, now. Completes when all fetches are done (failed or not). */
    public CompletableFuture<Void> refreshAll() {
        return CompletableFuture.allOf(tracked.keySet().stream().map(this::refreshNow).toArray(CompletableFuture[]::new));
    }

    /** Starts keeping {@code ref} fresh without reading it (for example at start-up). */
    public void track(SourceRef ref) {
        Objects.requireNonNull(ref, "ref");
        // Other readers of the same secret wait until the binding exists: a value fetched before
        // it would not start the secret's refresh schedule.
        tracked.computeIfAbsent(ref, r -> {
            engine.upsert(Binding.builder(BINDING_PREFIX + r).source(r).sink(NoSink.INSTANCE)
                    .transform(NoSink.TRANSFORM).build());
            return Boolean.TRUE;
        });
    }

    /** Stops refreshing {@code ref}; a later read fetches it again. */
    public void untrack(SourceRef ref) {
        if (tracked.remove(ref) != null) {
            engine.remove(BINDING_PREFIX + ref);
        }
    }

    /** The secrets read or tracked so far. */
    public Set<SourceRef> tracked() {
        return Set.copyOf(tracked.keySet());
    }

    public SecretStatus status(String name) {
        return status(ref(name));
    }

    public SecretStatus status(SourceRef ref) {
        return SecretStatus.of(ref, engine.status(ref).orElse(null), maxStaleness);
    }

    /** The status of every tracked secret, sorted by reference. */
    public List<SecretStatus> statuses() {
        List<SecretStatus> all = new ArrayList<>();
        for (SourceRef ref : tracked.keySet()) {
            all.add(status(ref));
        }
        all.sort(Comparator.comparing(s -> s.ref().toString()));
        return all;
    }

    public Duration refreshInterval() {
        return refreshInterval;
    }

    public Duration maxStaleness() {
        return maxStaleness;
    }

    public String store() {
        return store;
    }

    public void addListener(SecretChangeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(SecretChangeListener listener) {
        listeners.remove(listener);
    }

    /** Low-level engine events (fetches, failures, retries, rate changes), for metrics. Never values. */
    public void addEngineListener(SyncListener listener) {
        engine.addListener(listener);
    }

    public void removeEngineListener(SyncListener listener) {
        engine.removeListener(listener);
    }

    /** Stops refreshing and the threads this instance created; closes the source if it was handed over. */
    @Override
    public void close() {
        engine.close();
        if (ownedSource != null) {
            try {
                ownedSource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing the secret source failed: " + e.getClass().getName());
            }
        }
    }

    // ---- internals ----

    private Optional<SecretValue> cachedOrTrack(SourceRef ref) {
        Objects.requireNonNull(ref, "ref");
        if (!tracked.containsKey(ref)) { // the hot path reads a tracked secret: no lock, no allocation
            track(ref);
        }
        return engine.cached(ref);
    }

    private SourceRef currentRef(String name) {
        SourceRef ref = currentRefs.get(name);
        return ref != null ? ref : currentRefs.computeIfAbsent(name, this::ref);
    }

    private SecretValue checkFresh(SourceRef ref, SecretValue value) {
        if (staleReads == StaleReads.FAIL) {
            Duration staleness = engine.staleness(ref).orElse(Duration.ZERO);
            if (staleness.compareTo(maxStaleness) > 0) {
                throw new SecretUnavailableException(ref, null, null, "the value of " + ref + " is "
                        + staleness.toSeconds() + " s old, above the max staleness of " + maxStaleness.toSeconds()
                        + " s", null);
            }
        }
        return value;
    }

    private void onEngineEvent(SyncEvent event) {
        if (event instanceof SyncEvent.SecretChanged changed && tracked.containsKey(changed.ref())) {
            Optional<SecretValue> value = engine.cached(changed.ref());
            if (value.isEmpty()) {
                return;
            }
            SecretChange change = new SecretChange(changed.ref(), changed.previousVersionId(), changed.versionId(),
                    value.get(), changed.at());
            for (SecretChangeListener listener : listeners) {
                try {
                    listener.onChange(change);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a SecretChangeListener threw " + e.getClass().getName()
                            + " for " + change.ref() + "; ignored");
                }
            }
        }
    }

    private SecretUnavailableException unavailable(SourceRef ref, String message, Throwable cause) {
        return new SecretUnavailableException(ref, null, null, message, cause);
    }

    private SecretUnavailableException unavailable(SourceRef ref, Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException || cause instanceof ExecutionException) {
            if (cause.getCause() == null) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof SecretUnavailableException sue) {
            return sue;
        }
        if (cause instanceof SourceException se) {
            return new SecretUnavailableException(ref, se.kind(), se.code(),
                    "no value for " + ref + " (" + se.kind() + (se.code() == null ? "" : " " + se.code()) + "): "
                            + se.getMessage(), null);
        }
        return new SecretUnavailableException(ref, null, null,
                "no value for " + ref + ": " + (cause == null ? "unknown error" : cause.getClass().getName()), null);
    }

    /** Bindings need a sink; ours holds nothing and never needs writing, so syncs cost nothing. */
    private static final class NoSink implements SecretSink {
        static final NoSink INSTANCE = new NoSink();
        static final DesiredState TRACKED = DesiredState.of(Map.of("tracked", new byte[0]));
        static final Transform TRANSFORM = values -> TRACKED;

        @Override
        public Optional<String> currentHash(String target) {
            return Optional.of(TRACKED.hash());
        }

        @Override
        public void write(String target, DesiredState state) {
            // nothing to hold
        }
    }

    /** Settings; each setter checks its argument at once. */
    public static final class Builder {
        private final SecretSource source;
        private String store = DEFAULT_STORE;
        private Duration refreshInterval = Duration.ofMinutes(2);
        private double jitter = 0.1;
        private Duration maxStaleness;
        private StaleReads staleReads = StaleReads.SERVE;
        private Duration firstReadTimeout = Duration.ofSeconds(10);
        private boolean closeSource;
        private Clock clock = Clock.systemUTC();
        private ScheduledExecutorService scheduler;
        private Executor workers;
        private DoubleSupplier random;
        private RetryPolicy retry = RetryPolicy.ofDefaults();
        private RateLimitPolicy rateLimit = RateLimitPolicy.perSecond(50);
        private final List<String> tracked = new ArrayList<>();
        private final List<SecretChangeListener> listeners = new ArrayList<>();
        private final List<SyncListener> engineListeners = new ArrayList<>();

        private Builder(SecretSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /** The store that names are read from (default {@value #DEFAULT_STORE}). */
        public Builder store(String store) {
            if (store == null || store.isBlank()) {
                throw new IllegalArgumentException("store must not be blank");
            }
            this.store = store;
            return this;
        }

        /** How often each secret is refreshed (default 2 minutes). */
        public Builder refreshInterval(Duration interval) {
            Durations.requirePositive(interval, "refreshInterval");
            this.refreshInterval = interval;
            return this;
        }

        /** Each period is the interval times a random factor in {@code [1-jitter, 1+jitter]} (default 0.1). */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * Beyond this age a value counts as stale: status and health report it, and with
         * {@link StaleReads#FAIL} reads throw. Default: five refresh intervals. At least the interval.
         */
        public Builder maxStaleness(Duration maxStaleness) {
            Durations.requirePositive(maxStaleness, "maxStaleness");
            this.maxStaleness = maxStaleness;
            return this;
        }

        public Builder staleReads(StaleReads staleReads) {
            this.staleReads = Objects.requireNonNull(staleReads, "staleReads");
            return this;
        }

        /** How long the first read of a secret waits for its fetch (default 10 s). */
        public Builder firstReadTimeout(Duration timeout) {
            Durations.requirePositive(timeout, "firstReadTimeout");
            this.firstReadTimeout = timeout;
            return this;
        }

        /** Start refreshing these secrets at once, before anyone reads them. */
        public Builder track(String... names) {
            for (String name : names) {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("secret names must not be blank");
                }
                tracked.add(name);
            }
            return this;
        }

        public Builder listener(SecretChangeListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder engineListener(SyncListener listener) {
            engineListeners.add(Objects.requireNonNull(listener, "engineListener"));
            return this;
        }

        /** Close the source (if it is {@link AutoCloseable}) on {@link SecretSync#close()}. Default false. */
        public Builder closeSource(boolean closeSource) {
            this.closeSource = closeSource;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** The source's request budget (default 50 requests/s). */
        public Builder rateLimit(RateLimitPolicy rateLimit) {
            this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
            return this;
        }

        /** For tests: the time source. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** For tests or shared pools: runs timers. Default: one daemon thread owned by this instance. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** For tests or shared pools: runs fetches. Default: daemon threads owned by this instance. */
        public Builder workers(Executor workers) {
            this.workers = Objects.requireNonNull(workers, "workers");
            return this;
        }

        /** For tests: randomness in [0, 1) for jitter and backoff. */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public SecretSync build() {
            return new SecretSync(this);
        }

    }
}
