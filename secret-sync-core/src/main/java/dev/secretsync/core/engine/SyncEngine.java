package dev.secretsync.core.engine;

import dev.secretsync.core.Durations;
import dev.secretsync.core.RateLimitPolicy;
import dev.secretsync.core.RetryPolicy;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.SyncDecision;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.event.SyncListener;
import dev.secretsync.core.spi.SecretSource;
import dev.secretsync.core.spi.SinkException;
import dev.secretsync.core.spi.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Keeps sinks in sync with a secret source.
 *
 * <p>Register {@link Binding}s; the engine fetches each distinct {@link SourceRef} once (however many
 * bindings use it), refreshes it on one jittered schedule, transforms the values for each binding
 * and writes a sink only when what it holds differs. A failed or empty fetch never clears a sink:
 * the last good value stays and its staleness is reported. Everything that happens is published as
 * a {@link SyncEvent}.
 *
 * <pre>{@code
 * SyncEngine engine = SyncEngine.builder(source)
 *         .refreshInterval(Duration.ofMinutes(2))
 *         .listener(event -> log.info("{}", event))
 *         .build();
 * engine.upsert(Binding.builder("app-db").source(SourceRef.current("default", "app-db")).sink(sink).build());
 * }</pre>
 *
 * Thread-safe. {@link #close()} stops all work and the threads the engine created.
 */
public final class SyncEngine implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SyncEngine.class.getName());

    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor sinkWorkers;
    private final List<ExecutorService> owned;
    private final List<Thread> ownedThreads = new CopyOnWriteArrayList<>();
    private final Duration defaultInterval;
    private final double jitter;
    private final boolean polling;
    private final Duration rotationGrace;
    private final RetryPolicy retryPolicy;
    private final DoubleSupplier random;
    private final List<SyncListener> listeners = new CopyOnWriteArrayList<>();
    private final Fetcher fetcher;

    private final Object lock = new Object();
    private final Map<String, Binding> bindings = new HashMap<>();
    private final Map<SourceRef, RefSchedule> schedules = new HashMap<>();
    private final Map<String, BindingSync> syncs = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SyncEngine(Builder b) {
        this.clock = b.clock;
        this.defaultInterval = b.refreshInterval;
        this.jitter = b.jitter;
        this.polling = b.polling;
        this.rotationGrace = b.rotationGrace;
        this.retryPolicy = b.retryPolicy;
        this.random = b.random;
        this.listeners.addAll(b.listeners);
        List<ExecutorService> created = new ArrayList<>();
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
        } else {
            ScheduledThreadPoolExecutor ses = new ScheduledThreadPoolExecutor(1, daemonThreads("secret-sync-scheduler", ownedThreads));
            ses.setRemoveOnCancelPolicy(true);
            this.scheduler = ses;
            created.add(ses);
        }
        Executor workers;
        if (b.workers != null) {
            workers = b.workers;
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(b.workerThreads, daemonThreads("secret-sync-worker", ownedThreads));
            workers = pool;
            created.add(pool);
        }
        // Sink writes get threads of their own: a rotation that reaches a thousand targets queues a
        // thousand writes, and source calls waiting behind them would miss their refresh interval.
        if (b.sinkWorkers != null) {
            this.sinkWorkers = b.sinkWorkers;
        } else if (b.workers != null) {
            this.sinkWorkers = b.workers;
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(b.workerThreads, daemonThreads("secret-sync-sink", ownedThreads));
            this.sinkWorkers = pool;
            created.add(pool);
        }
        this.owned = List.copyOf(created);
        Map<String, RateLimitPolicy> perStore = Map.copyOf(b.storeRateLimits);
        RateLimitPolicy defaultRate = b.rateLimit;
        Function<String, RateLimitPolicy> byStore = b.rateLimitsByStore;
        Function<String, RateLimitPolicy> rateLimits = store -> {
            RateLimitPolicy chosen = byStore == null ? null : byStore.apply(store);
            return chosen != null ? chosen : perStore.getOrDefault(store, defaultRate);
        };
        this.fetcher = new Fetcher(b.source, clock, scheduler, workers, retryPolicy, rateLimits, random, this::publish);
    }

    public static Builder builder(SecretSource source) {
        return new Builder(source);
    }

    /**
     * Adds or replaces a binding. A new or changed binding is synced at once from cached values,
     * and its missing references are fetched ahead of periodic refreshes. Registering an equal
     * binding again does nothing.
     */
    public void upsert(Binding binding) {
        Objects.requireNonNull(binding, "binding");
        requireOpen();
        List<SourceRef> toFetch = new ArrayList<>();
        Map<SourceRef, FetchResult> unhandled = new HashMap<>();
        synchronized (lock) {
            Binding previous = bindings.put(binding.id(), binding);
            if (binding.equals(previous)) {
                return;
            }
            if (previous != null) {
                detach(previous.id(), previous.refs().stream().filter(r -> !binding.refs().contains(r)).toList());
            }
            for (SourceRef ref : binding.refs()) {
                RefSchedule schedule = schedules.computeIfAbsent(ref, RefSchedule::new);
                schedule.bindings.put(binding.id(), binding.polled() ? intervalOf(binding) : null);
                Optional<FetchResult> current = fetcher.current(ref);
                if (current.map(r -> !r.hasValue()).orElse(true) && !fetcher.isLoading(ref)) {
                    toFetch.add(ref);
                } else if (current.isPresent() && schedule.lastHandled == null) {
                    // A value the engine has not handled for any binding yet: read before one used it
                    // (value()), or a first fetch that has just completed and whose own completion
                    // runs next. Either way handle it now, for every binding waiting on it; whichever
                    // of the two comes second finds it handled.
                    unhandled.put(ref, current.get());
                }
            }
        }
        unhandled.forEach((ref, result) -> handle(ref, result, true));
        toFetch.forEach(ref -> fetch(ref, Priority.HIGH));
        requestSync(binding.id());
    }

    /** Stops syncing a binding. Its target is left as it is. */
    public void remove(String bindingId) {
        synchronized (lock) {
            Binding previous = bindings.remove(bindingId);
            if (previous != null) {
                detach(previous.id(), previous.refs());
            }
        }
        syncs.remove(bindingId);
    }

    /** Fetches every reference of a binding now, ahead of periodic refreshes. */
    public CompletableFuture<Void> refreshNow(String bindingId) {
        Binding binding;
        synchronized (lock) {
            binding = bindings.get(bindingId);
        }
        if (binding == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no binding with id '" + bindingId + "'"));
        }
        return CompletableFuture.allOf(binding.refs().stream()
                .map(ref -> fetch(ref, Priority.HIGH))
                .toArray(CompletableFuture[]::new));
    }

    /** Fetches one reference now, ahead of periodic refreshes, and completes with the result. */
    public CompletableFuture<RefStatus> refreshNow(SourceRef ref) {
        return fetch(ref, Priority.HIGH).thenApply(r -> statusOf(ref, r));
    }

    /**
     * Syncs a binding again from cached values, without a source call: for example after the sink
     * reports that someone else changed its target.
     */
    public void resync(String bindingId) {
        requestSync(bindingId);
    }

    /**
     * The freshest good value of {@code ref}, if any was ever fetched (it may be stale). Never
     * waits and never calls the source.
     */
    public Optional<SecretValue> cached(SourceRef ref) {
        FetchResult current = fetcher.currentOrNull(ref); // on every cached read: one Optional, no more
        return current == null ? Optional.empty() : Optional.ofNullable(current.value());
    }

    /**
     * The value of {@code ref}: at once from the cache when there is one (stale or not), otherwise
     * after one fetch shared with any other caller. Fails with the {@link SourceException} of the
     * fetch if no value could be had.
     */
    public CompletableFuture<SecretValue> value(SourceRef ref) {
        Optional<SecretValue> cached = cached(ref);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        return fetch(ref, Priority.HIGH).thenCompose(r -> r.hasValue()
                ? CompletableFuture.completedFuture(r.value())
                : CompletableFuture.failedFuture(r.error()));
    }

    /** What the engine knows about {@code ref}, if it has tried to fetch it. */
    public Optional<RefStatus> status(SourceRef ref) {
        return fetcher.current(ref).map(r -> statusOf(ref, r));
    }

    /** Time since {@code ref} was last fetched successfully, if it ever was. */
    public Optional<Duration> staleness(SourceRef ref) {
        return status(ref).map(RefStatus::staleness);
    }

    /** The references currently in use by some binding. */
    public Set<SourceRef> refs() {
        synchronized (lock) {
            return Set.copyOf(schedules.keySet());
        }
    }

    public Optional<Binding> binding(String id) {
        synchronized (lock) {
            return Optional.ofNullable(bindings.get(id));
        }
    }

    /** The current request rate allowed for {@code store} (lower while it throttles). */
    public double permitsPerSecond(String store) {
        return fetcher.permitsPerSecond(store);
    }

    /** Requests waiting for a store's rate limit. */
    public int queuedFetches() {
        return fetcher.waiting();
    }

    public void addListener(SyncListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(SyncListener listener) {
        listeners.remove(listener);
    }

    /** Stops all schedules and fetches, and the threads the engine created. Sinks are left as they are. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (lock) {
            schedules.values().forEach(RefSchedule::cancel);
            schedules.clear();
            bindings.clear();
        }
        fetcher.close();
        owned.forEach(ExecutorService::shutdownNow);
        try {
            for (ExecutorService executor : owned) {
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "secret-sync threads did not stop within 10 s");
                }
            }
            // A terminated pool's threads may still be returning from run(): wait until they are gone.
            for (Thread thread : ownedThreads) {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- fetching and scheduling ----

    private CompletableFuture<FetchResult> fetch(SourceRef ref, Priority priority) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("engine is closed"));
        }
        return fetcher.refresh(ref, priority, budgetOf(ref))
                .whenComplete((result, error) -> {
                    if (result != null) {
                        onFetched(ref, result);
                    } else if (error != null && !closed.get()) {
                        LOG.log(System.Logger.Level.WARNING, "fetch of " + ref + " ended unexpectedly: "
                                + error.getClass().getName());
                    }
                });
    }

    private void onFetched(SourceRef ref, FetchResult result) {
        handle(ref, result, false);
    }

    /** Publishes a fetch's outcome and syncs the bindings of its reference; {@code onlyIfFirst}: unless one was handled. */
    private void handle(SourceRef ref, FetchResult result, boolean onlyIfFirst) {
        FetchResult previous;
        List<String> dependents;
        synchronized (lock) {
            RefSchedule schedule = schedules.get(ref);
            if (schedule == null) {
                return; // nobody uses it any more (or a one-off value() read)
            }
            if (schedule.lastHandled == result || (onlyIfFirst && schedule.lastHandled != null)) {
                return; // several callers joined the same fetch, or upsert() handled it first
            }
            previous = schedule.lastHandled;
            schedule.lastHandled = result;
            scheduleNext(schedule, result);
            dependents = List.copyOf(schedule.bindings.keySet());
        }
        Instant now = result.attemptedAt();
        boolean changed = false;
        if (result.succeeded()) {
            SecretValue old = previous == null ? null : previous.value();
            changed = old != null && !old.contentHash().equals(result.value().contentHash());
            String version = result.value().versionId().orElse(null);
            publish(new SyncEvent.SecretFetched(now, ref, version, result.latency(), changed));
            if (changed) {
                publish(new SyncEvent.SecretChanged(now, ref, old.versionId().orElse(null), version));
            }
        } else {
            SourceException e = result.error();
            publish(new SyncEvent.FetchFailed(now, ref, e.kind(), e.code(), e.getMessage(),
                    result.consecutiveFailures(), result.staleness(now)));
        }
        // Every successful fetch re-checks its bindings against what their sinks hold. It costs no
        // sink write and no remote read when nothing differs (sinks answer from their caches), and it
        // repairs a target that a lost write or a missed event left behind.
        if (result.succeeded() || previous == null) {
            dependents.forEach(this::requestSync);
        }
    }

    // Caller holds the lock.
    private void scheduleNext(RefSchedule schedule, FetchResult result) {
        schedule.cancel();
        if (!polling || closed.get() || !schedule.polled()) {
            return;
        }
        Duration interval = schedule.interval(defaultInterval);
        long delay;
        if (!schedule.periodicStarted) {
            // Spread the first cycle across the interval so a restart does not refresh everything at once.
            delay = Math.max(1, (long) (random.getAsDouble() * interval.toMillis()));
            schedule.periodicStarted = true;
        } else {
            delay = jittered(interval);
        }
        if (result.hasValue() && result.value().nextRotation().isPresent()) {
            long untilRotation = Duration.between(clock.instant(), result.value().nextRotation().get())
                    .plus(rotationGrace).toMillis();
            if (untilRotation > 0 && untilRotation < delay) {
                delay = untilRotation; // pick up a scheduled rotation right after it happens
            }
        }
        schedule.nextAt = clock.instant().plusMillis(delay);
        try {
            schedule.timer = scheduler.schedule(() -> fetch(schedule.ref, Priority.NORMAL), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            schedule.nextAt = null; // shutting down
        }
    }

    private long jittered(Duration interval) {
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Math.max(1, (long) (interval.toMillis() * factor));
    }

    private Duration budgetOf(SourceRef ref) {
        synchronized (lock) {
            RefSchedule schedule = schedules.get(ref);
            return schedule == null ? defaultInterval : schedule.interval(defaultInterval);
        }
    }

    private Duration intervalOf(Binding binding) {
        return binding.refreshInterval().orElse(defaultInterval);
    }

    // Caller holds the lock.
    private void detach(String bindingId, List<SourceRef> refs) {
        for (SourceRef ref : refs) {
            RefSchedule schedule = schedules.get(ref);
            if (schedule == null) {
                continue;
            }
            schedule.bindings.remove(bindingId);
            if (schedule.bindings.isEmpty()) {
                schedule.cancel();
                schedules.remove(ref);
                fetcher.forget(ref);
            }
        }
    }

    // ---- syncing ----

    private void requestSync(String bindingId) {
        if (closed.get()) {
            return;
        }
        BindingSync sync = syncs.computeIfAbsent(bindingId, id -> new BindingSync());
        sync.dirty.set(true);
        if (sync.running.compareAndSet(false, true)) {
            try {
                sinkWorkers.execute(() -> drainSync(bindingId, sync));
            } catch (RejectedExecutionException e) {
                sync.running.set(false);
            }
        }
    }

    /** Syncs one binding until no further request came in meanwhile; never two at once per binding. */
    private void drainSync(String bindingId, BindingSync sync) {
        do {
            while (sync.dirty.getAndSet(false)) {
                try {
                    syncOnce(bindingId, sync);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "sync of binding '" + bindingId + "' failed: "
                            + e.getClass().getName());
                }
            }
            sync.running.set(false);
        } while (sync.dirty.get() && sync.running.compareAndSet(false, true));
    }

    private void syncOnce(String bindingId, BindingSync sync) {
        Binding binding;
        synchronized (lock) {
            binding = bindings.get(bindingId);
        }
        if (binding == null || closed.get()) {
            return;
        }
        Map<SourceRef, SecretValue> values = new LinkedHashMap<>();
        for (SourceRef ref : binding.refs()) {
            Optional<FetchResult> result = fetcher.current(ref);
            if (result.isEmpty() && fetcher.isLoading(ref)) {
                return; // the first fetch is under way; its completion syncs us again
            }
            result.filter(FetchResult::hasValue).ifPresent(r -> values.put(ref, r.value()));
        }
        Optional<String> held;
        try {
            held = binding.sink().currentHash(binding.target());
        } catch (RuntimeException e) {
            publish(new SyncEvent.WriteFailed(clock.instant(), bindingId, binding.target(),
                    "reading the target failed: " + e.getClass().getName(), true));
            retryWrite(bindingId, sync);
            return;
        }
        SyncDecision decision = Differ.decide(binding, values, held);
        if (decision instanceof SyncDecision.Write write) {
            try {
                binding.sink().write(binding.target(), write.state());
                sync.writeAttempts.set(0);
                publish(new SyncEvent.TargetWritten(clock.instant(), bindingId, binding.target(), write.state().keys()));
            } catch (SinkException e) {
                publish(new SyncEvent.WriteFailed(clock.instant(), bindingId, binding.target(), e.getMessage(),
                        e.isRetryable()));
                if (e.isRetryable()) {
                    retryWrite(bindingId, sync);
                }
            }
        } else {
            sync.writeAttempts.set(0);
            publish(new SyncEvent.TargetUnchanged(clock.instant(), bindingId, binding.target(), decision));
        }
    }

    private void retryWrite(String bindingId, BindingSync sync) {
        int attempt = sync.writeAttempts.incrementAndGet();
        if (attempt >= retryPolicy.maxAttempts()) {
            sync.writeAttempts.set(0); // the next change or resync tries again
            return;
        }
        long delay = Math.max(1, (long) (random.getAsDouble() * retryPolicy.backoffCeiling(attempt).toMillis()));
        try {
            scheduler.schedule(() -> requestSync(bindingId), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ignored) {
            // shutting down
        }
    }

    // ---- events and status ----

    private void publish(SyncEvent event) {
        for (SyncListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a SyncListener threw " + e.getClass().getName()
                        + " for " + event.getClass().getSimpleName() + "; ignored");
            }
        }
    }

    private RefStatus statusOf(SourceRef ref, FetchResult r) {
        Instant nextAt;
        synchronized (lock) {
            RefSchedule schedule = schedules.get(ref);
            nextAt = schedule == null ? null : schedule.nextAt;
        }
        SourceException error = r.error();
        return new RefStatus(ref, r.hasValue() ? r.value().versionId().orElse(null) : null, r.lastSuccess(),
                r.staleness(clock.instant()), r.consecutiveFailures(), error == null ? null : error.kind(),
                error == null ? null : error.getMessage(), nextAt);
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("SyncEngine is closed");
        }
    }

    private static ThreadFactory daemonThreads(String prefix, List<Thread> created) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            created.add(t);
            return t;
        };
    }

    /** One schedule per reference, shared by every binding that uses it. */
    private static final class RefSchedule {
        final SourceRef ref;
        final Map<String, Duration> bindings = new LinkedHashMap<>();
        ScheduledFuture<?> timer;
        Instant nextAt;
        boolean periodicStarted;
        FetchResult lastHandled;

        RefSchedule(SourceRef ref) {
            this.ref = ref;
        }

        /** The shortest interval any of its polled bindings asks for. */
        Duration interval(Duration fallback) {
            return bindings.values().stream().filter(Objects::nonNull).min(Duration::compareTo).orElse(fallback);
        }

        /** Polled while any of its bindings is (an unpolled binding maps to null). */
        boolean polled() {
            return bindings.values().stream().anyMatch(Objects::nonNull);
        }

        void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            nextAt = null;
        }
    }

    private static final class BindingSync {
        final AtomicBoolean dirty = new AtomicBoolean();
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicInteger writeAttempts = new AtomicInteger();
    }

    /** Engine settings. Each setter validates its argument at once. */
    public static final class Builder {
        private final SecretSource source;
        private Clock clock = Clock.systemUTC();
        private ScheduledExecutorService scheduler;
        private Executor workers;
        private Executor sinkWorkers;
        private int workerThreads = 8;
        private Duration refreshInterval = Duration.ofMinutes(2);
        private double jitter = 0.1;
        private boolean polling = true;
        private Duration rotationGrace = Duration.ofSeconds(10);
        private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
        private RateLimitPolicy rateLimit = RateLimitPolicy.perSecond(50);
        private Function<String, RateLimitPolicy> rateLimitsByStore;
        private final Map<String, RateLimitPolicy> storeRateLimits = new HashMap<>();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private final List<SyncListener> listeners = new ArrayList<>();

        private Builder(SecretSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /** Time source for schedules, rate limits and staleness. Default: the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Runs timers (refreshes, retries, rate-limit waits). Default: one daemon thread owned by the engine. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Runs source calls. Default: {@link #workerThreads} daemon threads owned by the engine. Unless
         * {@link #sinkWorkers} is set too, this executor also runs transforms and sink writes.
         */
        public Builder workers(Executor workers) {
            this.workers = Objects.requireNonNull(workers, "workers");
            return this;
        }

        /**
         * Runs transforms and sink writes, apart from source calls so that a burst of writes never
         * delays the refreshes. Default: the {@link #workers} executor if one is set, otherwise
         * {@link #workerThreads} daemon threads of its own.
         */
        public Builder sinkWorkers(Executor sinkWorkers) {
            this.sinkWorkers = Objects.requireNonNull(sinkWorkers, "sinkWorkers");
            return this;
        }

        /**
         * Size of each default pool (default 8): the most source calls in flight at once, and the
         * most sink writes.
         */
        public Builder workerThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("workerThreads must be at least 1, got " + threads);
            }
            this.workerThreads = threads;
            return this;
        }

        /** How often each reference is refreshed unless a binding asks for another interval. Default 2 minutes. */
        public Builder refreshInterval(Duration interval) {
            Durations.requirePositive(interval, "refreshInterval");
            this.refreshInterval = interval;
            return this;
        }

        /** Each period is the interval times a random factor in {@code [1-jitter, 1+jitter]}. Default 0.1. */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /** With polling off, references are fetched once and then only on demand. Default on. */
        public Builder polling(boolean polling) {
            this.polling = polling;
            return this;
        }

        /** How long after a source's announced rotation time to refresh. Default 10 s. */
        public Builder rotationGrace(Duration grace) {
            Objects.requireNonNull(grace, "rotationGrace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("rotationGrace must not be negative, got " + grace);
            }
            this.rotationGrace = grace;
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retry");
            return this;
        }

        /** The rate limit of every store without its own. Default 50 requests/s. */
        public Builder rateLimit(RateLimitPolicy policy) {
            this.rateLimit = Objects.requireNonNull(policy, "rateLimit");
            return this;
        }

        public Builder rateLimit(String store, RateLimitPolicy policy) {
            storeRateLimits.put(Objects.requireNonNull(store, "store"), Objects.requireNonNull(policy, "rateLimit"));
            return this;
        }

        /**
         * The rate limit of stores known only at run time (for example by the service a store
         * reaches): asked once per store, when it is first fetched from; {@code null} falls back to
         * {@link #rateLimit(String, RateLimitPolicy)} and the default.
         */
        public Builder rateLimits(Function<String, RateLimitPolicy> byStore) {
            this.rateLimitsByStore = Objects.requireNonNull(byStore, "rateLimits");
            return this;
        }

        /** Source of randomness in [0, 1) for jitter and backoff; fix it to make runs repeatable. */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public Builder listener(SyncListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public SyncEngine build() {
            return new SyncEngine(this);
        }
    }
}
