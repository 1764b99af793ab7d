package dev.secretsync.core.engine;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.RateLimitPolicy;
import dev.secretsync.core.RetryPolicy;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.SyncDecision;
import dev.secretsync.core.spi.Transform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.testing.FakeClock;
import dev.secretsync.core.testing.HoldingByName;
import dev.secretsync.core.testing.InMemorySink;
import dev.secretsync.core.testing.InMemorySource;
import dev.secretsync.core.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncEngineTest {

    static final Duration INTERVAL = Duration.ofMinutes(2);
    static final SourceRef DB = SourceRef.current("default", "app-db");

    final FakeClock clock = new FakeClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final InMemorySource source = new InMemorySource();
    final InMemorySink sink = new InMemorySink();
    final List<SyncEvent> events = new CopyOnWriteArrayList<>();
    SyncEngine engine;

    SyncEngine engine(SyncEngine.Builder builder) {
        engine = builder.build();
        return engine;
    }

    SyncEngine.Builder defaults() {
        return SyncEngine.builder(source)
                .clock(clock).scheduler(scheduler).workers(scheduler)
                .refreshInterval(INTERVAL)
                .rateLimit(RateLimitPolicy.perSecond(1000))
                .random(() -> 0.5) // repeatable; tests about randomness set their own
                .listener(events::add);
    }

    Binding binding(String id, SourceRef... refs) {
        return Binding.builder(id).sink(sink).sources(List.of(refs)).build();
    }

    /** Runs one full refresh cycle: the longest jittered period is 1.1 intervals. */
    void cycle() {
        scheduler.advance(INTERVAL.multipliedBy(11).dividedBy(10));
    }

    <T extends SyncEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void writesANewBindingAtOnce() {
        source.put(DB, "{\"password\":\"p1\"}", "v1");
        engine(defaults()).upsert(binding("b", DB));
        scheduler.runDue();

        assertThat(sink.text("b", "app-db")).isEqualTo("{\"password\":\"p1\"}");
        assertThat(source.calls(DB)).isEqualTo(1);
        assertThat(eventsOf(SyncEvent.TargetWritten.class)).singleElement()
                .satisfies(e -> assertThat(e.keys()).containsExactly("app-db"));
    }

    @Test
    void fiveHundredBindingsOverTwentyRefsCostTwentyCallsPerCycle() {
        List<SourceRef> refs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SourceRef ref = SourceRef.current("default", "secret-" + i);
            refs.add(ref);
            source.put(ref, "value-" + i, "v1");
        }
        // No jitter and a fixed first-cycle spread, so each cycle window holds exactly one refresh per reference.
        engine(defaults().jitter(0).random(() -> 0.5));
        for (int i = 0; i < 500; i++) {
            engine.upsert(Binding.builder("b" + i).sink(sink).source(refs.get(i % 20)).build());
        }
        scheduler.runDue();
        assertThat(source.totalCalls()).isEqualTo(20);
        assertThat(sink.size()).isEqualTo(500);

        for (int cycle = 1; cycle <= 3; cycle++) {
            source.resetCounters();
            scheduler.advance(INTERVAL);
            assertThat(refs).allSatisfy(ref -> assertThat(source.calls(ref)).as("calls for %s", ref).isEqualTo(1));
        }
        assertThat(sink.writes()).as("nothing changed, nothing rewritten").isEqualTo(500);
    }

    @Test
    void concurrentReadersOfOneReferenceShareOneCall() {
        source.put(DB, "x", "v1");
        engine(defaults());
        List<CompletableFuture<SecretValue>> readers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            readers.add(engine.value(DB));
        }
        assertThat(source.calls(DB)).isZero(); // nothing ran yet: all 100 wait on the same fetch
        scheduler.runDue();

        assertThat(source.calls(DB)).isEqualTo(1);
        assertThat(readers).allSatisfy(f -> assertThat(f.join().asString()).isEqualTo("x"));
    }

    @Test
    void periodsStayWithinTheJitterBounds() {
        source.put(DB, "x", "v1");
        engine(defaults().jitter(0.1).random(new java.util.Random(42)::nextDouble));
        engine.upsert(binding("b", DB));
        scheduler.runDue();
        scheduler.advance(INTERVAL); // first (spread) refresh

        List<Instant> fetchTimes = new ArrayList<>();
        engine.addListener(e -> {
            if (e instanceof SyncEvent.SecretFetched f) {
                fetchTimes.add(f.at());
            }
        });
        for (int i = 0; i < 50; i++) {
            cycle();
        }
        assertThat(fetchTimes).hasSizeGreaterThan(40);
        for (int i = 1; i < fetchTimes.size(); i++) {
            Duration period = Duration.between(fetchTimes.get(i - 1), fetchTimes.get(i));
            assertThat(period).isBetween(INTERVAL.multipliedBy(9).dividedBy(10), INTERVAL.multipliedBy(11).dividedBy(10));
        }
        assertThat(fetchTimes.stream().map(t -> t.toEpochMilli() % 1000).distinct().count())
                .as("periods vary").isGreaterThan(10);
    }

    @Test
    void jitterExtremesMatchTheConfiguredFraction() {
        source.put(DB, "x", "v1");
        double[] next = {0.5};
        engine(defaults().jitter(0.2).random(() -> next[0]));
        engine.upsert(binding("b", DB));
        scheduler.runDue();
        scheduler.advance(INTERVAL.dividedBy(2)); // first refresh at random 0.5 of the interval
        next[0] = 0.0;
        Instant before = clock.instant();
        CompletableFuture<RefStatus> refreshed = engine.refreshNow(DB);
        scheduler.runDue();
        RefStatus low = refreshed.join();
        assertThat(Duration.between(before, engine.status(DB).orElseThrow().nextRefresh()))
                .isEqualTo(Duration.ofMillis((long) (INTERVAL.toMillis() * 0.8)));
        next[0] = 0.999999;
        engine.refreshNow(DB);
        scheduler.runDue();
        assertThat(Duration.between(clock.instant(), engine.status(DB).orElseThrow().nextRefresh()))
                .isBetween(INTERVAL.multipliedBy(119).dividedBy(100), INTERVAL.multipliedBy(12).dividedBy(10));
        assertThat(low.hasValue()).isTrue();
    }

    @Test
    void theFirstCycleAfterStartIsSpreadAcrossTheInterval() {
        engine(defaults().random(new java.util.Random(7)::nextDouble));
        List<SourceRef> refs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            SourceRef ref = SourceRef.current("default", "s" + i);
            refs.add(ref);
            source.put(ref, "v", "v1");
            engine.upsert(binding("b" + i, ref));
        }
        scheduler.runDue();
        Instant start = clock.instant();
        List<Duration> firstRefresh = refs.stream()
                .map(r -> Duration.between(start, engine.status(r).orElseThrow().nextRefresh())).toList();

        assertThat(firstRefresh).allSatisfy(d -> assertThat(d).isPositive().isLessThanOrEqualTo(INTERVAL));
        // Spread: every fifth of the interval holds some of the refreshes, none holds most of them.
        long[] buckets = new long[5];
        firstRefresh.forEach(d -> buckets[(int) Math.min(4, d.toMillis() * 5 / INTERVAL.toMillis())]++);
        assertThat(java.util.Arrays.stream(buckets).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(15L, 70L));
    }

    @Test
    void retriesFollowExponentialBackoffWithFullJitterUpToTheCeiling() {
        source.put(DB, "x", "v1").failNext(DB, FailureKind.RETRYABLE, FailureKind.RETRYABLE, FailureKind.RETRYABLE);
        engine(defaults().random(() -> 0.999).retry(RetryPolicy.custom().maxAttempts(4)
                .initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(3)).build()));
        engine.upsert(binding("b", DB));
        scheduler.advance(Duration.ofSeconds(10));

        List<SyncEvent.RetryScheduled> retries = eventsOf(SyncEvent.RetryScheduled.class);
        assertThat(retries).extracting(SyncEvent.RetryScheduled::attempt).containsExactly(1, 2, 3);
        assertThat(retries).extracting(SyncEvent.RetryScheduled::delay)
                .containsExactly(Duration.ofMillis(999), Duration.ofMillis(1998), Duration.ofMillis(2997));
        assertThat(source.calls(DB)).isEqualTo(4);
        assertThat(sink.text("b", "app-db")).isEqualTo("x");
    }

    @Test
    void fullJitterDrawsEachDelayBetweenZeroAndTheCeiling() {
        source.put(DB, "x", "v1").failNext(DB, FailureKind.THROTTLED, FailureKind.RETRYABLE);
        engine(defaults().random(() -> 0.25));
        engine.upsert(binding("b", DB));
        scheduler.advance(Duration.ofSeconds(10));

        assertThat(eventsOf(SyncEvent.RetryScheduled.class)).extracting(SyncEvent.RetryScheduled::delay)
                .containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void retriesStopWhenAttemptsRunOutAndTheValueStaysMissing() {
        source.put(DB, "x", "v1").failNext(DB, FailureKind.RETRYABLE, FailureKind.RETRYABLE,
                FailureKind.RETRYABLE, FailureKind.RETRYABLE, FailureKind.RETRYABLE);
        engine(defaults().retry(RetryPolicy.custom().maxAttempts(3).build()));
        engine.upsert(binding("b", DB));
        scheduler.advance(Duration.ofSeconds(30));

        assertThat(source.calls(DB)).isEqualTo(3);
        assertThat(eventsOf(SyncEvent.FetchFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo(FailureKind.RETRYABLE));
        assertThat(sink.size()).isZero();
        assertThat(eventsOf(SyncEvent.TargetUnchanged.class)).singleElement()
                .satisfies(u -> assertThat(u.decision()).isInstanceOf(SyncDecision.KeepExisting.class));
    }

    @Test
    void retriesNeverRunPastTheRefreshInterval() {
        Duration shortInterval = Duration.ofSeconds(5);
        source.outage(FailureKind.RETRYABLE);
        engine(defaults().refreshInterval(shortInterval).random(() -> 0.999)
                .retry(RetryPolicy.custom().maxAttempts(10).initialBackoff(Duration.ofSeconds(2))
                        .maxBackoff(Duration.ofSeconds(60)).build()));
        engine.upsert(binding("b", DB));
        Instant start = clock.instant();
        List<Instant> failures = new ArrayList<>();
        engine.addListener(e -> {
            if (e instanceof SyncEvent.FetchFailed f) {
                failures.add(f.at());
            }
        });
        scheduler.advance(Duration.ofSeconds(4).plusMillis(999));

        // 2 s then 4 s would overrun the 5 s budget: the second delay is cut to what is left.
        assertThat(failures).singleElement()
                .satisfies(at -> assertThat(Duration.between(start, at)).isLessThanOrEqualTo(shortInterval));
        assertThat(source.totalCalls()).isEqualTo(3);
    }

    @Test
    void aFailingStoreCostsOneCallPerReferencePerIntervalNotARetryStorm() {
        List<SourceRef> refs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            refs.add(SourceRef.current("default", "s" + i));
            source.put(refs.get(i), "v" + i, "v1");
        }
        engine(defaults().jitter(0).retry(RetryPolicy.custom().maxAttempts(4).build()));
        for (int i = 0; i < refs.size(); i++) {
            engine.upsert(binding("b" + i, refs.get(i)));
        }
        cycle();
        source.resetCounters();
        source.outage(FailureKind.RETRYABLE);
        for (int c = 0; c < 3; c++) {
            cycle();
        }
        // Healthy: 40 calls a cycle. Retries stop once the store is failing, so the outage costs
        // no more than that, plus the retries of the first few failures.
        assertThat(source.totalCalls()).isLessThanOrEqualTo(3 * 40 + 3 * 10);
        int fetched = eventsOf(SyncEvent.SecretFetched.class).size();
        source.outage(null);
        cycle();
        assertThat(eventsOf(SyncEvent.SecretFetched.class)).as("every reference recovers in one cycle")
                .hasSizeGreaterThanOrEqualTo(fetched + 40);
    }

    @Test
    void onlyRetryableFailuresAreRetried() {
        SourceRef missing = SourceRef.current("default", "missing");
        SourceRef denied = SourceRef.current("default", "denied");
        SourceRef invalid = SourceRef.current("default", "invalid");
        source.put(denied, "x", "v1").failNext(denied, FailureKind.DENIED);
        source.put(invalid, "x", "v1").failNext(invalid, FailureKind.INVALID);
        engine(defaults().random(() -> 0.5)); // the next refresh is a minute away
        engine.upsert(binding("a", missing));
        engine.upsert(binding("b", denied));
        engine.upsert(binding("c", invalid));
        scheduler.advance(Duration.ofSeconds(30));

        assertThat(source.calls(missing)).isEqualTo(1);
        assertThat(source.calls(denied)).isEqualTo(1);
        assertThat(source.calls(invalid)).isEqualTo(1);
        assertThat(eventsOf(SyncEvent.RetryScheduled.class)).isEmpty();
        assertThat(eventsOf(SyncEvent.FetchFailed.class)).extracting(SyncEvent.FetchFailed::kind)
                .containsExactlyInAnyOrder(FailureKind.NOT_FOUND, FailureKind.DENIED, FailureKind.INVALID);
    }

    @Test
    void throttlingLowersTheStoreRateWhichRecoversLater() {
        source.put(DB, "x", "v1").failNext(DB, FailureKind.THROTTLED, FailureKind.THROTTLED);
        engine(defaults().rateLimit(RateLimitPolicy.perSecond(20).withRecoveryPeriod(Duration.ofSeconds(10))));
        engine.upsert(binding("b", DB));
        scheduler.advance(Duration.ofSeconds(5));

        assertThat(engine.permitsPerSecond("default")).isEqualTo(5.0); // halved twice
        assertThat(eventsOf(SyncEvent.StoreRateChanged.class)).extracting(SyncEvent.StoreRateChanged::permitsPerSecond)
                .startsWith(10.0, 5.0);
        assertThat(sink.text("b", "app-db")).isEqualTo("x");

        scheduler.advance(Duration.ofSeconds(10));
        assertThat(engine.permitsPerSecond("default")).isEqualTo(7.5);
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(engine.permitsPerSecond("default")).isEqualTo(16.875);
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(engine.permitsPerSecond("default")).isEqualTo(20.0);
    }

    @Test
    void aStoreKnownOnlyAtRunTimeGetsItsRateFromTheFunction() {
        engine(defaults().rateLimit(RateLimitPolicy.perSecond(10)).rateLimit("pinned", RateLimitPolicy.perSecond(3))
                .rateLimits(store -> store.startsWith("oos/") ? RateLimitPolicy.perSecond(4) : null));
        assertThat(engine.permitsPerSecond("oos/params")).isEqualTo(4.0);
        assertThat(engine.permitsPerSecond("pinned")).isEqualTo(3.0);
        assertThat(engine.permitsPerSecond("default")).isEqualTo(10.0);
    }

    @Test
    void aStaleValueIsKeptThroughThreeFailedCyclesAndReplacedOnRecovery() {
        source.put(DB, "old", "v1");
        engine(defaults().retry(RetryPolicy.none()));
        engine.upsert(binding("b", DB));
        scheduler.runDue();
        assertThat(sink.text("b", "app-db")).isEqualTo("old");

        source.outage(FailureKind.RETRYABLE);
        scheduler.advance(INTERVAL);
        cycle();
        cycle();
        List<SyncEvent.FetchFailed> failures = eventsOf(SyncEvent.FetchFailed.class);
        assertThat(failures).hasSize(3);
        assertThat(failures).extracting(SyncEvent.FetchFailed::consecutiveFailures).containsExactly(1, 2, 3);
        assertThat(failures.get(2).staleFor()).isGreaterThan(failures.get(0).staleFor());
        assertThat(sink.text("b", "app-db")).isEqualTo("old");
        assertThat(engine.cached(DB)).get().extracting(SecretValue::asString).isEqualTo("old");
        assertThat(engine.staleness(DB)).get().isEqualTo(Duration.between(engine.status(DB).orElseThrow().lastSuccess(), clock.instant()));

        source.outage(null);
        source.put(DB, "new", "v2");
        cycle();
        assertThat(sink.text("b", "app-db")).isEqualTo("new");
        assertThat(engine.status(DB).orElseThrow().consecutiveFailures()).isZero();
        assertThat(eventsOf(SyncEvent.SecretChanged.class)).singleElement()
                .satisfies(c -> assertThat(List.of(c.previousVersionId(), c.versionId())).containsExactly("v1", "v2"));
    }

    @Test
    void nothingIsWrittenWhenNothingChanged() {
        source.put(DB, "same", "v1");
        engine(defaults());
        engine.upsert(binding("b", DB));
        scheduler.runDue();
        for (int i = 0; i < 5; i++) {
            cycle();
        }
        assertThat(source.calls(DB)).isGreaterThanOrEqualTo(5);
        assertThat(sink.writes()).isEqualTo(1);
    }

    @Test
    void aSinkThatAlreadyHoldsTheDesiredStateIsNotWritten() {
        source.put(DB, "same", "v1");
        sink.tamper("b", Map.of("app-db", "same"));
        engine(defaults());
        engine.upsert(binding("b", DB));
        scheduler.runDue();

        assertThat(sink.writes()).isZero();
        assertThat(eventsOf(SyncEvent.TargetUnchanged.class)).singleElement()
                .satisfies(u -> assertThat(u.decision()).isInstanceOf(SyncDecision.NoChange.class));
    }

    @Test
    void withPollingOffAReferenceIsFetchedOnceThenOnlyOnDemand() {
        source.put(DB, "x", "v1");
        engine(defaults().polling(false));
        engine.upsert(binding("b", DB));
        scheduler.runDue();
        scheduler.advance(INTERVAL.multipliedBy(10));
        assertThat(source.calls(DB)).isEqualTo(1);
        assertThat(engine.status(DB).orElseThrow().nextRefresh()).isNull();

        source.put(DB, "y", "v2");
        engine.refreshNow("b");
        scheduler.runDue();
        assertThat(source.calls(DB)).isEqualTo(2);
        assertThat(sink.text("b", "app-db")).isEqualTo("y");
    }

    @Test
    void aBindingIntervalOverridesTheDefaultAndASharedReferenceUsesTheShortest() {
        source.put(DB, "x", "v1");
        engine(defaults().jitter(0));
        engine.upsert(Binding.builder("slow").sink(sink).source(DB).build());
        engine.upsert(Binding.builder("fast").sink(sink).source(DB).refreshInterval(Duration.ofSeconds(30)).build());
        scheduler.runDue();
        scheduler.advance(Duration.ofSeconds(30)); // first, spread refresh
        source.resetCounters();
        scheduler.advance(Duration.ofSeconds(90));
        assertThat(source.calls(DB)).isEqualTo(3);

        engine.remove("fast");
        scheduler.advance(Duration.ofSeconds(30)); // the timer armed before the removal fires once more
        source.resetCounters();
        scheduler.advance(INTERVAL);
        assertThat(source.calls(DB)).isEqualTo(1);
    }

    @Test
    void anUnpolledBindingIsFetchedOnceUnlessAPolledOneSharesItsReference() {
        SourceRef other = SourceRef.current("default", "other");
        source.put(DB, "x", "v1").put(other, "y", "v1");
        engine(defaults());
        engine.upsert(Binding.builder("once").sink(sink).source(DB).polled(false).build());
        engine.upsert(Binding.builder("once-too").sink(sink).source(other).polled(false).build());
        engine.upsert(Binding.builder("polled").sink(sink).source(other).build());
        scheduler.runDue();
        scheduler.advance(INTERVAL.multipliedBy(5));

        assertThat(source.calls(DB)).isEqualTo(1);
        assertThat(engine.status(DB).orElseThrow().nextRefresh()).isNull();
        assertThat(source.calls(other)).isGreaterThanOrEqualTo(5);

        source.put(DB, "x2", "v2");
        engine.refreshNow("once");
        scheduler.runDue();
        assertThat(sink.text("once", "app-db")).isEqualTo("x2");
    }

    @Test
    void removingTheLastBindingOfAReferenceStopsItsRefreshes() {
        source.put(DB, "x", "v1");
        engine(defaults());
        engine.upsert(binding("b", DB));
        scheduler.runDue();
        engine.remove("b");
        source.resetCounters();
        scheduler.advance(INTERVAL.multipliedBy(5));

        assertThat(source.totalCalls()).isZero();
        assertThat(engine.refs()).isEmpty();
        assertThat(sink.text("b", "app-db")).as("removal leaves the target alone").isEqualTo("x");
    }

    @Test
    void aScheduledRotationIsPickedUpRightAfterItHappens() {
        Instant rotation = clock.instant().plusSeconds(30);
        source.put(DB, SecretValue.text("before", "v1").withNextRotation(rotation));
        engine(defaults().rotationGrace(Duration.ofSeconds(5)).random(() -> 0.9));
        engine.upsert(binding("b", DB));
        scheduler.runDue();

        assertThat(engine.status(DB).orElseThrow().nextRefresh()).isEqualTo(rotation.plusSeconds(5));
        source.put(DB, "after", "v2");
        scheduler.advance(Duration.ofSeconds(35));
        assertThat(sink.text("b", "app-db")).isEqualTo("after");
    }

    @Test
    void anEmptyResultNeverClearsTheTarget() {
        source.put(DB, "{\"a\":\"1\"}", "v1");
        boolean[] empty = {false};
        Transform transform = values -> empty[0] ? DesiredState.of(Map.of())
                : DesiredState.ofText(Map.of("a", values.get(DB).asString()));
        engine(defaults());
        engine.upsert(Binding.builder("b").sink(sink).source(DB).transform(transform).build());
        scheduler.runDue();
        empty[0] = true;
        source.put(DB, "{}", "v2");
        scheduler.advance(INTERVAL);

        assertThat(sink.text("b", "a")).isEqualTo("{\"a\":\"1\"}");
        assertThat(eventsOf(SyncEvent.TargetUnchanged.class)).last()
                .satisfies(u -> assertThat(((SyncDecision.KeepExisting) u.decision()).reason())
                        .isEqualTo(SyncDecision.Reason.EMPTY_RESULT));
    }

    @Test
    void aBindingWithOneMissingReferenceLeavesItsTargetAlone() {
        SourceRef missing = SourceRef.current("default", "gone");
        source.put(DB, "x", "v1");
        sink.tamper("b", Map.of("app-db", "previous"));
        engine(defaults());
        engine.upsert(binding("b", DB, missing));
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(sink.text("b", "app-db")).isEqualTo("previous");
        assertThat(sink.writes()).isZero();
        assertThat(eventsOf(SyncEvent.TargetUnchanged.class)).isNotEmpty().allSatisfy(u ->
                assertThat(((SyncDecision.KeepExisting) u.decision()).reason()).isEqualTo(SyncDecision.Reason.SOURCE_UNAVAILABLE));
    }

    @Test
    void aReferenceTheTransformCanDoWithoutIsHeldWhileItFailsAndPolledUntilItRecovers() {
        SourceRef other = SourceRef.current("default", "other");
        source.put(DB, "x1", "v1"); // "other" does not exist yet: NOT_FOUND, not retried
        sink.tamper("b", Map.of("app-db", "old", "other", "kept"));
        engine(defaults());
        engine.upsert(Binding.builder("b").sink(sink).sources(List.of(DB, other))
                .transform(new HoldingByName(DB, other)).build());
        scheduler.runDue();

        assertThat(sink.text("b", "app-db")).isEqualTo("x1");
        assertThat(sink.text("b", "other")).as("held: keeps what the target had").isEqualTo("kept");
        assertThat(engine.status(other).orElseThrow().failure()).contains(FailureKind.NOT_FOUND);
        assertThat(source.calls(other)).isEqualTo(1);

        cycle();
        assertThat(source.calls(other)).as("polled on its own schedule").isEqualTo(2);
        assertThat(sink.writes()).as("still failing: nothing new to write").isEqualTo(1);

        source.put(other, "o1", "v1");
        cycle();
        assertThat(source.calls(other)).isEqualTo(3);
        assertThat(sink.text("b", "other")).isEqualTo("o1");
        assertThat(sink.get("b").orElseThrow().heldKeys()).isEmpty();
        assertThat(sink.writes()).isEqualTo(2);
    }

    @Test
    void aTargetChangedBySomeoneElseIsRestoredWithoutASourceCall() {
        source.put(DB, "x", "v1");
        engine(defaults());
        engine.upsert(binding("b", DB));
        scheduler.runDue();
        sink.tamper("b", Map.of("app-db", "edited"));
        engine.resync("b");
        scheduler.runDue();

        assertThat(sink.text("b", "app-db")).isEqualTo("x");
        assertThat(source.calls(DB)).isEqualTo(1);
    }

    @Test
    void aTargetLostWithoutNoticeIsRestoredByTheNextRefresh() {
        source.put(DB, "x", "v1");
        engine(defaults());
        engine.upsert(binding("b", DB));
        scheduler.runDue();
        sink.lose("b");
        cycle();

        assertThat(sink.text("b", "app-db")).isEqualTo("x");
        assertThat(sink.writes()).isEqualTo(2);
    }

    @Test
    void aChangedBindingIsSyncedAtOnceFromTheCache() {
        source.put(DB, "x", "v1");
        engine(defaults());
        engine.upsert(binding("b", DB));
        scheduler.runDue();
        engine.upsert(Binding.builder("b").sink(sink).source(DB).transform(Transform.single("password")).build());
        scheduler.runDue();

        assertThat(sink.text("b", "password")).isEqualTo("x");
        assertThat(source.calls(DB)).isEqualTo(1);
    }

    @Test
    void aReferenceReadBeforeItWasBoundIsRefreshedOnceBound() {
        source.put(DB, "x", "v1");
        engine(defaults());
        CompletableFuture<SecretValue> read = engine.value(DB);
        scheduler.runDue();
        assertThat(read.join().asString()).isEqualTo("x");

        engine.upsert(binding("b", DB));
        scheduler.runDue();
        assertThat(sink.text("b", "app-db")).isEqualTo("x");
        assertThat(source.calls(DB)).isEqualTo(1);
        assertThat(engine.status(DB).orElseThrow().nextRefresh()).isNotNull();
        source.put(DB, "y", "v2");
        cycle();
        assertThat(sink.text("b", "app-db")).isEqualTo("y");
    }

    @Test
    void registeringAnEqualBindingAgainDoesNothing() {
        source.put(DB, "x", "v1");
        engine(defaults());
        Binding b = binding("b", DB);
        engine.upsert(b);
        scheduler.runDue();
        int before = events.size();
        engine.upsert(binding("b", DB));
        scheduler.runDue();

        assertThat(events).hasSize(before);
    }

    @Test
    void aRetryableWriteFailureIsRetriedAndAPermanentOneIsNot() {
        source.put(DB, "x", "v1");
        sink.failNextWrites(2, true);
        engine(defaults());
        engine.upsert(binding("b", DB));
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(sink.text("b", "app-db")).isEqualTo("x");
        assertThat(eventsOf(SyncEvent.WriteFailed.class)).hasSize(2);

        SourceRef other = SourceRef.current("default", "other");
        source.put(other, "y", "v1");
        sink.failNextWrites(1, false);
        engine.upsert(binding("c", other));
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(sink.get("c")).isEmpty();
        assertThat(eventsOf(SyncEvent.WriteFailed.class)).hasSize(3);
    }

    @Test
    void aFailingListenerDoesNotStopTheEngineOrOtherListeners() {
        source.put(DB, "x", "v1");
        List<SyncEvent> seen = new ArrayList<>();
        engine(SyncEngine.builder(source).clock(clock).scheduler(scheduler).workers(scheduler)
                .listener(e -> {
                    throw new IllegalStateException("boom");
                })
                .listener(seen::add));
        engine.upsert(binding("b", DB));
        scheduler.runDue();

        assertThat(sink.text("b", "app-db")).isEqualTo("x");
        assertThat(seen).isNotEmpty();
    }

    @Test
    void aFailedFirstFetchIsRetriedByTheNextCycle() {
        source.put(DB, "x", "v1").failNext(DB, FailureKind.DENIED);
        engine(defaults());
        engine.upsert(binding("b", DB));
        scheduler.runDue();
        assertThat(sink.size()).isZero();
        assertThat(engine.status(DB).orElseThrow().failure()).contains(FailureKind.DENIED);

        cycle();
        assertThat(sink.text("b", "app-db")).isEqualTo("x");
    }

    @Test
    void aClosedEngineRejectsNewBindingsAndStopsRefreshing() {
        source.put(DB, "x", "v1");
        engine(defaults());
        engine.upsert(binding("b", DB));
        scheduler.runDue();
        engine.close();
        source.resetCounters();
        scheduler.advance(INTERVAL.multipliedBy(3));

        assertThat(source.totalCalls()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.upsert(binding("c", DB)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void afterAnOutageEveryReferenceIsRefreshedWithinOneIntervalDespiteABurstOfSinkWrites() {
        // The burst: 50 references rotated during the outage, each used by 20 bindings, so recovery
        // queues 1,000 sink writes that take 360 ms each on one sink thread (3 intervals in all).
        assertThat(timeUntilEveryReferenceIsFetchedAfterAnOutage(false))
                .as("source calls have threads of their own").isLessThanOrEqualTo(INTERVAL);
        // The cause this guards against: source calls queued behind the writes on one shared executor.
        assertThat(timeUntilEveryReferenceIsFetchedAfterAnOutage(true))
                .as("source calls behind the writes").isGreaterThan(INTERVAL.multipliedBy(3).dividedBy(2));
    }

    /** Steady state, a total outage of two intervals while every secret rotates, then recovery. */
    static Duration timeUntilEveryReferenceIsFetchedAfterAnOutage(boolean callsShareTheSinkThread) {
        FakeClock clock = new FakeClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        InMemorySource source = new InMemorySource();
        InMemorySink sink = new InMemorySink();
        OneSlowThread sinkThread = new OneSlowThread(scheduler);
        Random random = new Random(7);
        SyncEngine.Builder builder = SyncEngine.builder(source).clock(clock).scheduler(scheduler)
                .workers(callsShareTheSinkThread ? sinkThread : scheduler).sinkWorkers(sinkThread)
                .refreshInterval(INTERVAL).jitter(0).rateLimit(RateLimitPolicy.perSecond(1000))
                .random(random::nextDouble);
        try (SyncEngine e = builder.build()) {
            List<SourceRef> refs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                refs.add(SourceRef.current("default", "s" + i));
                source.put(refs.get(i), "old-" + i, "v1");
            }
            for (int b = 0; b < 1000; b++) {
                e.upsert(Binding.builder("b" + b).sink(sink).source(refs.get(b % 50)).build());
            }
            scheduler.advance(INTERVAL.multipliedBy(2));
            assertThat(sink.size()).isEqualTo(1000);

            source.outage(FailureKind.RETRYABLE);
            for (int i = 0; i < 50; i++) {
                source.put(refs.get(i), "new-" + i, "v2");
            }
            scheduler.advance(INTERVAL.multipliedBy(2));
            source.outage(null);
            sinkThread.cost = Duration.ofMillis(360); // the writes of the burst are what is slow
            source.resetCounters();
            Duration elapsed = Duration.ZERO;
            Duration step = Duration.ofMillis(500);
            while (refs.stream().anyMatch(r -> source.calls(r) == 0) && elapsed.compareTo(INTERVAL.multipliedBy(5)) < 0) {
                scheduler.advance(step);
                elapsed = elapsed.plus(step);
            }
            scheduler.advance(INTERVAL.multipliedBy(6));
            assertThat(sink.text("b999", "s49")).as("the burst was written in the end").isEqualTo("new-49");
            return elapsed;
        }
    }

    /** One worker thread on which every task takes {@code cost} of fake time, like a busy sink. */
    static final class OneSlowThread implements Executor {
        private final ManualScheduler scheduler;
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private boolean busy;
        Duration cost = Duration.ofMillis(1);

        OneSlowThread(ManualScheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public void execute(Runnable task) {
            queue.add(task);
            if (!busy) {
                busy = true;
                scheduler.schedule(this::runNext, cost.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void runNext() {
            queue.poll().run();
            if (queue.isEmpty()) {
                busy = false;
            } else {
                scheduler.schedule(this::runNext, cost.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    static DoubleSupplier fixed(double value) {
        return () -> value;
    }
}
