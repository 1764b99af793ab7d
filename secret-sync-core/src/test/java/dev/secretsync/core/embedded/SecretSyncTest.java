package dev.secretsync.core.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.core.RateLimitPolicy;
import dev.secretsync.core.RetryPolicy;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SecretSource;
import dev.secretsync.core.testing.FakeClock;
import dev.secretsync.core.testing.InMemorySource;
import dev.secretsync.core.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretSyncTest {

    static final String CANARY = "CANARY-7f3a9c";
    static final Duration INTERVAL = Duration.ofMinutes(2);
    static final SourceRef DB = SourceRef.current(SecretSync.DEFAULT_STORE, "app-db");

    final FakeClock clock = new FakeClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final InMemorySource source = new InMemorySource();
    final List<SecretChange> changes = new CopyOnWriteArrayList<>();
    SecretSync sync;

    SecretSync.Builder defaults() {
        return SecretSync.builder(source)
                .clock(clock).scheduler(scheduler).workers(scheduler)
                .random(() -> 0.5)
                .refreshInterval(INTERVAL)
                .maxStaleness(Duration.ofMinutes(10))
                .retry(RetryPolicy.none())
                .rateLimit(RateLimitPolicy.perSecond(1000))
                .listener(changes::add);
    }

    SecretSync start(SecretSync.Builder builder) {
        sync = builder.build();
        return sync;
    }

    /** Reads the way a caller's first read does, letting the manual scheduler run the fetch. */
    SecretValue firstRead(SourceRef ref) {
        CompletableFuture<SecretValue> read = sync.getAsync(ref);
        scheduler.runDue();
        return read.join();
    }

    @AfterEach
    void close() {
        if (sync != null) {
            sync.close();
        }
    }

    @Test
    void theFirstReadFetchesOnceAndLaterReadsComeFromMemory() {
        source.put(DB, "p1", "v1");
        start(defaults());

        assertThat(firstRead(DB).asString()).isEqualTo("p1");
        for (int i = 0; i < 50; i++) {
            assertThat(sync.getString("app-db")).isEqualTo("p1");
        }
        assertThat(source.calls(DB)).isEqualTo(1);
        assertThat(sync.tracked()).containsExactly(DB);
    }

    @Test
    void onceAValueIsHeldAReaderNeverWaitsForARefresh() {
        source.put(DB, "p1", "v1");
        start(defaults());
        firstRead(DB);
        source.put(DB, "p2", "v2");

        CompletableFuture<SecretStatus> refresh = sync.refreshNow("app-db");
        // The refresh is queued but has not run: a read still answers at once, with the value held.
        assertThat(refresh).isNotDone();
        assertThat(sync.getString("app-db")).isEqualTo("p1");
        assertThat(sync.getAsync(DB)).isCompletedWithValueMatching(v -> v.asString().equals("p1"));

        scheduler.runDue();
        assertThat(refresh.join().versionId()).isEqualTo("v2");
        assertThat(sync.getString("app-db")).isEqualTo("p2");
    }

    @Test
    void manyReadersAndRefreshesOfOneSecretCostOneCallAtATime() {
        source.put(DB, "p1", "v1");
        start(defaults());
        List<CompletableFuture<SecretValue>> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reads.add(sync.getAsync(DB));
            sync.refreshNow(DB);
        }
        scheduler.runDue();

        assertThat(source.calls(DB)).isEqualTo(1);
        assertThat(reads).allSatisfy(r -> assertThat(r.join().asString()).isEqualTo("p1"));
    }

    @Test
    void secretsAreRefreshedPeriodicallyAndListenersGetOldAndNewVersions() {
        source.put(DB, "p1", "v1");
        start(defaults());
        firstRead(DB);
        assertThat(changes).as("the first read is not a change").isEmpty();

        source.put(DB, "p2", "v2");
        scheduler.advance(INTERVAL.multipliedBy(11).dividedBy(10)); // the longest jittered period

        assertThat(sync.getString("app-db")).isEqualTo("p2");
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.ref()).isEqualTo(DB);
            assertThat(c.name()).isEqualTo("app-db");
            assertThat(c.previousVersionId()).isEqualTo("v1");
            assertThat(c.versionId()).isEqualTo("v2");
            assertThat(c.value().asString()).isEqualTo("p2");
            assertThat(c.at()).isAfter(java.time.Instant.parse("2026-01-01T00:00:00Z")).isBeforeOrEqualTo(clock.instant());
        });
    }

    @Test
    void anUnchangedSecretDoesNotCallListeners() {
        source.put(DB, "p1", "v1");
        start(defaults());
        firstRead(DB);
        scheduler.advance(INTERVAL.multipliedBy(5));

        assertThat(source.calls(DB)).isGreaterThanOrEqualTo(4);
        assertThat(changes).isEmpty();
    }

    @Test
    void refreshPeriodsAreJittered() {
        source.put(DB, "p1", "v1");
        double[] randoms = {0.0, 0.999, 0.0, 0.999};
        int[] next = {0};
        start(defaults().jitter(0.2).random(() -> randoms[next[0]++ % randoms.length]));
        firstRead(DB);
        scheduler.advance(INTERVAL.multipliedBy(3));

        List<java.time.Instant> times = scheduler.scheduledTimes();
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i - 1), times.get(i)));
        }
        assertThat(gaps).isNotEmpty().allSatisfy(g -> assertThat(g)
                .isBetween(INTERVAL.multipliedBy(8).dividedBy(10), INTERVAL.multipliedBy(12).dividedBy(10)));
        assertThat(gaps.stream().distinct().count()).as("periods differ").isGreaterThan(1);
    }

    @Test
    void aFailingListenerDoesNotStopOthers() {
        source.put(DB, "p1", "v1");
        AtomicBoolean second = new AtomicBoolean();
        start(defaults());
        sync.addListener(c -> {
            throw new IllegalStateException("boom");
        });
        sync.addListener(c -> second.set(true));
        firstRead(DB);
        source.put(DB, "p2", "v2");
        sync.refreshNow(DB);
        scheduler.runDue();

        assertThat(second).isTrue();
        assertThat(changes).hasSize(1);
    }

    @Test
    void duringAnOutageTheLastValueIsServedAndReportedStaleAfterMaxStaleness() {
        source.put(DB, CANARY, "v1");
        start(defaults());
        firstRead(DB);
        source.outage(FailureKind.RETRYABLE);

        scheduler.advance(Duration.ofMinutes(5));
        assertThat(sync.status("app-db").stale()).isFalse();
        assertThat(sync.status("app-db").consecutiveFailures()).isPositive();

        scheduler.advance(Duration.ofMinutes(6));
        SecretStatus status = sync.status("app-db");
        assertThat(status.stale()).isTrue();
        assertThat(status.versionId()).isEqualTo("v1");
        assertThat(status.staleness()).isGreaterThan(Duration.ofMinutes(10));
        assertThat(status.lastFailure()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(sync.getString("app-db")).as("SERVE is the default").isEqualTo(CANARY);
        assertThat(status.toString()).doesNotContain(CANARY);

        source.outage(null);
        scheduler.advance(INTERVAL.multipliedBy(11).dividedBy(10));
        assertThat(sync.status("app-db").stale()).isFalse();
    }

    @Test
    void withStaleReadsFailAReadPastMaxStalenessThrowsWithoutTheValue() {
        source.put(DB, CANARY, "v1");
        start(defaults().staleReads(StaleReads.FAIL));
        firstRead(DB);
        source.outage(FailureKind.RETRYABLE);
        scheduler.advance(Duration.ofMinutes(11));

        assertThatThrownBy(() -> sync.get(DB))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("app-db")
                .hasMessageContaining("max staleness")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(CANARY));
    }

    @Test
    void aSecretThatCannotBeFetchedFailsTheFirstReadWithTheSourceError() {
        start(defaults());
        CompletableFuture<SecretValue> read = sync.getAsync(sync.ref("missing"));
        scheduler.runDue();

        assertThat(read).isCompletedExceptionally();
        assertThatThrownBy(read::join).hasCauseInstanceOf(SecretUnavailableException.class)
                .cause().satisfies(e -> {
                    SecretUnavailableException sue = (SecretUnavailableException) e;
                    assertThat(sue.kind()).contains(FailureKind.NOT_FOUND);
                    assertThat(sue.code()).contains("Forbidden.ResourceNotFound");
                    assertThat(sue.ref().name()).isEqualTo("missing");
                });
    }

    @Test
    void aBlockingFirstReadTimesOut() {
        source.put(DB, "p1", "v1");
        // The manual scheduler runs nothing by itself, so the fetch never completes.
        start(defaults().firstReadTimeout(Duration.ofMillis(50)));

        assertThatThrownBy(() -> sync.get(DB)).isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("within");
    }

    @Test
    void typedGettersReadTextBytesAndJsonFields() {
        String json = "{\"username\":\"app\",\"password\":\"" + CANARY + "\",\"db\":{\"hosts\":[\"a\",\"b\"],\"port\":5432}}";
        source.put(DB, json, "v1");
        SourceRef blob = SourceRef.current(SecretSync.DEFAULT_STORE, "blob");
        source.put(blob, SecretValue.binary(new byte[] {1, 2, 3}, "b1"));
        start(defaults());
        firstRead(DB);
        firstRead(blob);

        assertThat(sync.getString("app-db")).isEqualTo(json);
        assertThat(sync.getBytes("app-db")).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        assertThat(sync.getBytes("blob")).containsExactly(1, 2, 3);
        assertThat(sync.getJsonField("app-db", "password")).isEqualTo(CANARY);
        assertThat(sync.getJsonField("app-db", "/db/hosts/1")).isEqualTo("b");
        assertThat(sync.getJsonField("app-db", "db.port")).isEqualTo("5432");
        assertThat(sync.getJsonFields("app-db")).containsEntry("db.hosts[0]", "a").containsEntry("username", "app");
        assertThatThrownBy(() -> sync.getJsonField("app-db", "nope"))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("nope").hasMessageNotContaining(CANARY);
        assertThatThrownBy(() -> sync.getJsonField("app-db", "db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(CANARY);
    }

    @Test
    void aSecretThatIsNotJsonGivesAnErrorWithoutItsContent() {
        source.put(DB, "{\"password\":" + CANARY + "}", "v1");
        start(defaults());
        firstRead(DB);

        assertThatThrownBy(() -> sync.getJsonField("app-db", "password"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageNotContaining(CANARY);
    }

    @Test
    void versionStagesAndIdsAreSeparateSecrets() {
        SourceRef previous = SourceRef.stage(SecretSync.DEFAULT_STORE, "app-db", "ACSPrevious");
        SourceRef byId = SourceRef.versionId(SecretSync.DEFAULT_STORE, "app-db", "v1");
        source.put(DB, "p2", "v2").put(previous, "p1", "v1").put(byId, "p1", "v1");
        start(defaults());

        assertThat(sync.stage("app-db", "ACSPrevious")).isEqualTo(previous);
        assertThat(sync.version("app-db", "v1")).isEqualTo(byId);
        assertThat(firstRead(DB).versionId()).contains("v2");
        assertThat(firstRead(previous).asString()).isEqualTo("p1");
        assertThat(firstRead(byId).versionId()).contains("v1");
        assertThat(sync.statuses()).extracting(SecretStatus::ref).containsExactlyInAnyOrder(DB, previous, byId);
    }

    @Test
    void trackedSecretsAreFetchedBeforeAnyoneReadsThem() {
        source.put(DB, "p1", "v1");
        start(defaults().track("app-db"));
        scheduler.runDue();

        assertThat(source.calls(DB)).isEqualTo(1);
        assertThat(sync.peek(DB)).map(SecretValue::versionId).contains(java.util.Optional.of("v1"));
        assertThat(sync.status("app-db").hasValue()).isTrue();
    }

    @Test
    void untrackStopsRefreshes() {
        source.put(DB, "p1", "v1");
        start(defaults());
        firstRead(DB);
        sync.untrack(DB);
        source.resetCounters();
        scheduler.advance(INTERVAL.multipliedBy(3));

        assertThat(source.calls(DB)).isZero();
        assertThat(sync.tracked()).isEmpty();
    }

    @Test
    void engineEventsReachEngineListenersWithoutValues() {
        source.put(DB, CANARY, "v1");
        List<SyncEvent> events = new CopyOnWriteArrayList<>();
        start(defaults().engineListener(events::add));
        firstRead(DB);

        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(SyncEvent.SecretFetched.class));
        assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain(CANARY));
    }

    @Test
    void changesAndStatusesNeverShowTheValue() {
        source.put(DB, "old-" + CANARY, "v1");
        start(defaults());
        firstRead(DB);
        source.put(DB, CANARY, "v2");
        sync.refreshNow(DB);
        scheduler.runDue();

        assertThat(changes).singleElement().satisfies(c -> assertThat(c.toString()).doesNotContain(CANARY).contains("v2"));
        assertThat(sync.statuses().toString()).doesNotContain(CANARY);
    }

    @Test
    void closeStopsRefreshingAndClosesAHandedOverSource() {
        AtomicBoolean closed = new AtomicBoolean();
        source.put(DB, "p1", "v1");
        class ClosingSource implements SecretSource, AutoCloseable {
            @Override
            public SecretValue fetch(SourceRef ref) throws dev.secretsync.core.spi.SourceException {
                return source.fetch(ref);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        }
        SecretSync owned = SecretSync.builder(new ClosingSource()).clock(clock).scheduler(scheduler).workers(scheduler)
                .random(() -> 0.5).closeSource(true).build();
        SecretSync notOwned = SecretSync.builder(new ClosingSource()).clock(clock).scheduler(scheduler).workers(scheduler)
                .random(() -> 0.5).build();
        notOwned.close();
        assertThat(closed).as("a source the caller keeps is not closed").isFalse();

        CompletableFuture<SecretValue> read = owned.getAsync(DB);
        scheduler.runDue();
        read.join();
        owned.close();
        source.resetCounters();
        scheduler.advance(Duration.ofHours(1));

        assertThat(closed).isTrue();
        assertThat(source.calls(DB)).isZero();
    }

    @Test
    void concurrentFirstReadsOnRealThreadsShareTheFetchAndStartTheSchedule() throws Exception {
        source.put(DB, "p1", "v1");
        try (SecretSync real = SecretSync.builder(source).refreshInterval(Duration.ofHours(1)).build()) {
            java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(16);
            try {
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<String>> reads = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    reads.add(readers.submit(() -> {
                        go.await();
                        return real.getString("app-db");
                    }));
                }
                go.countDown();
                for (java.util.concurrent.Future<String> read : reads) {
                    assertThat(read.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("p1");
                }
            } finally {
                readers.shutdownNow();
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> real.status(DB).nextRefresh() != null);
            assertThat(source.calls(DB)).isBetween(1, 2);
            assertThat(real.tracked()).containsExactly(DB);
        }
    }

    @Test
    void builderSettingsAreCheckedAtOnce() {
        SecretSync.Builder b = SecretSync.builder(source);
        assertThatThrownBy(() -> b.refreshInterval(Duration.ZERO)).hasMessageContaining("refreshInterval");
        assertThatThrownBy(() -> b.maxStaleness(Duration.ofSeconds(-1))).hasMessageContaining("maxStaleness");
        assertThatThrownBy(() -> b.jitter(1.0)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> b.store(" ")).hasMessageContaining("store");
        assertThatThrownBy(() -> b.track("")).hasMessageContaining("blank");
        assertThatThrownBy(() -> b.firstReadTimeout(Duration.ZERO)).hasMessageContaining("firstReadTimeout");
        assertThatThrownBy(() -> SecretSync.builder(source).clock(clock).scheduler(scheduler).workers(scheduler)
                .refreshInterval(Duration.ofMinutes(10)).maxStaleness(Duration.ofMinutes(1)).build())
                .hasMessageContaining("maxStaleness");
    }

    @Test
    void maxStalenessDefaultsToFiveIntervalsAndTheStoreIsConfigurable() {
        start(SecretSync.builder(source).clock(clock).scheduler(scheduler).workers(scheduler)
                .refreshInterval(Duration.ofMinutes(3)).store("prod"));
        assertThat(sync.maxStaleness()).isEqualTo(Duration.ofMinutes(15));
        assertThat(sync.ref("x")).isEqualTo(SourceRef.current("prod", "x"));
        assertThat(sync.store()).isEqualTo("prod");
    }
}
