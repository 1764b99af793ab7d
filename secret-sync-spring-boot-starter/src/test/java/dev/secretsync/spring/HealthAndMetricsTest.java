package dev.secretsync.spring;

import dev.secretsync.spring.config.SecretSyncProperties;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.spring.actuate.SecretSyncHealthIndicator;
import dev.secretsync.spring.actuate.SecretSyncMetrics;
import dev.secretsync.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class HealthAndMetricsTest {

    static final String CANARY = "CANARY-7f3a9c";

    /** Time moves only when told to; the engine's own timers run on real time and stay far away. */
    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final MapSecretSource source = new MapSecretSource().put("app-db", CANARY, "v1").put("extra", "x", "e1");
    final SecretSync sync = SecretSync.builder(source).clock(clock).refreshInterval(Duration.ofHours(1))
            .maxStaleness(Duration.ofHours(2)).retry(dev.secretsync.core.RetryPolicy.none()).build();
    final SecretSyncProperties properties = new SecretSyncProperties();
    final RequiredSecrets required = new RequiredSecrets(sync, new MockEnvironment(), properties);

    @AfterEach
    void close() {
        sync.close();
    }

    @Test
    void healthGoesDownWhenARequiredSecretIsStalerThanMaxStalenessButNotForAnOptionalOne() {
        properties.setRequired(java.util.List.of("app-db"));
        SecretSyncHealthIndicator health = new SecretSyncHealthIndicator(sync, required);
        sync.refreshNow("app-db").join();
        sync.refreshNow("extra").join();
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");

        clock.advance(Duration.ofHours(3));
        sync.refreshNow("app-db").join();
        assertThat(sync.status("extra").stale()).isTrue();
        assertThat(health.health().getStatus().getCode()).as("only an optional secret is stale").isEqualTo("UP");

        source.outage(FailureKind.RETRYABLE);
        clock.advance(Duration.ofHours(3));
        sync.refreshNow("app-db").join();
        assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
        assertThat(health.health().getDetails().toString()).contains("RETRYABLE").contains("PT3H").doesNotContain(CANARY);
    }

    @Test
    void metricsCountFetchesAndFailuresAndGaugeStaleness() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new SecretSyncMetrics(sync).bindTo(registry);
        sync.refreshNow("app-db").join();
        source.outage(FailureKind.DENIED);
        clock.advance(Duration.ofMinutes(30));
        sync.refreshNow("app-db").join();

        // Tracking a secret fetches it, and refreshNow may or may not join that first fetch.
        double successes = registry.get("secretsync.refresh").tag("secret", "app-db").tag("outcome", "success").counter().count();
        assertThat(successes).isBetween(1.0, 2.0);
        assertThat(registry.get("secretsync.refresh").tag("outcome", "failure").counter().count()).isEqualTo(1);
        assertThat(registry.get("secretsync.refresh.failures").tag("kind", "DENIED").counter().count()).isEqualTo(1);
        assertThat(registry.get("secretsync.refresh.latency").tag("secret", "app-db").timer().count()).isEqualTo((long) successes);
        assertThat(registry.get("secretsync.staleness").tag("secret", "app-db").gauge().value()).isEqualTo(1800.0);
        assertThat(registry.get("secretsync.stale").tag("secret", "app-db").gauge().value()).isZero();
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain(CANARY));
    }

    @Test
    void aRequiredSecretNeverReadIsDown() {
        properties.setRequired(java.util.List.of("never-read"));
        SecretSyncHealthIndicator health = new SecretSyncHealthIndicator(sync, required);
        assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
        try {
            sync.refreshNow("never-read").join();
        } catch (CompletionException ignored) {
            // not found: still down
        }
        assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
    }
}
