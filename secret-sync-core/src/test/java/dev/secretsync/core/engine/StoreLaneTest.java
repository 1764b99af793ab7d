package dev.secretsync.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.RateLimitPolicy;
import dev.secretsync.core.testing.FakeClock;
import dev.secretsync.core.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StoreLaneTest {

    final FakeClock clock = new FakeClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final List<Double> rates = new ArrayList<>();

    StoreLane lane(RateLimitPolicy policy) {
        return new StoreLane(policy, clock, scheduler, rates::add);
    }

    @Test
    void aBurstIsGrantedAtOnceAndTheRestAtTheRate() {
        StoreLane lane = lane(RateLimitPolicy.perSecond(2).withBurst(3));
        List<CompletableFuture<Void>> permits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            permits.add(lane.acquire(Priority.NORMAL));
        }
        assertThat(permits.stream().filter(CompletableFuture::isDone).count()).isEqualTo(3);
        scheduler.advance(Duration.ofMillis(1000));
        assertThat(permits.stream().filter(CompletableFuture::isDone).count()).isEqualTo(5);
        scheduler.advance(Duration.ofMillis(1000));
        assertThat(permits).allMatch(CompletableFuture::isDone);
    }

    @Test
    void highPriorityWaitersGoFirst() {
        StoreLane lane = lane(RateLimitPolicy.perSecond(1).withBurst(1));
        lane.acquire(Priority.NORMAL);
        CompletableFuture<Void> normal = lane.acquire(Priority.NORMAL);
        CompletableFuture<Void> high = lane.acquire(Priority.HIGH);
        scheduler.advance(Duration.ofMillis(1000));

        assertThat(high).isDone();
        assertThat(normal).isNotDone();
        scheduler.advance(Duration.ofMillis(1000));
        assertThat(normal).isDone();
    }

    @Test
    void throttlingHalvesTheRateDownToTheFloor() {
        StoreLane lane = lane(RateLimitPolicy.perSecond(8).withMinPermitsPerSecond(1.5));
        lane.onThrottled();
        lane.onThrottled();
        assertThat(lane.permitsPerSecond()).isEqualTo(2.0);
        lane.onThrottled();
        lane.onThrottled();
        assertThat(lane.permitsPerSecond()).isEqualTo(1.5);
        assertThat(rates).containsExactly(4.0, 2.0, 1.5, 1.5);
    }

    @Test
    void theRateRecoversStepByStepWithoutThrottling() {
        StoreLane lane = lane(RateLimitPolicy.perSecond(10).withRecoveryPeriod(Duration.ofSeconds(5)));
        lane.onThrottled();
        scheduler.advance(Duration.ofSeconds(4));
        assertThat(lane.permitsPerSecond()).isEqualTo(5.0);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(lane.permitsPerSecond()).isEqualTo(7.5);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(lane.permitsPerSecond()).isEqualTo(10.0);
        scheduler.advance(Duration.ofSeconds(50));
        assertThat(lane.permitsPerSecond()).isEqualTo(10.0);
    }

    @Test
    void closingCancelsWaiters() {
        StoreLane lane = lane(RateLimitPolicy.perSecond(1).withBurst(1));
        lane.acquire(Priority.NORMAL);
        CompletableFuture<Void> waiting = lane.acquire(Priority.NORMAL);
        lane.close();

        assertThat(waiting).isCancelled();
        assertThat(lane.acquire(Priority.HIGH)).isCancelled();
    }
}
