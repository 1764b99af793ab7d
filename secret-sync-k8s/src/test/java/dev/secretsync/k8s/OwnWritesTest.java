package dev.secretsync.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OwnWritesTest {

    static final String KEY = "apps/db";

    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final OwnWrites<Secret> writes = new OwnWrites<>(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, Duration.ofSeconds(30));

    static Secret secret(String uid, String resourceVersion) {
        return new SecretBuilder().withNewMetadata().withNamespace("apps").withName("db").withUid(uid)
                .withResourceVersion(resourceVersion).endMetadata().build();
    }

    @Test
    void withoutOwnWritesTheCacheIsTheAnswer() {
        Secret cached = secret("u1", "5");
        assertThat(writes.newest(KEY, cached)).isSameAs(cached);
        assertThat(writes.newest(KEY, null)).isNull();
    }

    @Test
    void anOwnWriteStandsInForAnOlderCachedCopyUntilTheCacheCatchesUp() {
        Secret mine = secret("u1", "7");
        writes.wrote(KEY, mine, false);
        assertThat(writes.newest(KEY, secret("u1", "6"))).isSameAs(mine);
        Secret caughtUp = secret("u1", "7");
        assertThat(writes.newest(KEY, caughtUp)).isSameAs(caughtUp);
        assertThat(writes.newest(KEY, secret("u1", "6"))).as("dropped once the cache caught up").isNotSameAs(mine);
    }

    @Test
    void aReCreatedObjectIsBelievedAtOnce() {
        writes.wrote(KEY, secret("u1", "7"), false);
        Secret recreated = secret("u2", "3");
        assertThat(writes.newest(KEY, recreated)).isSameAs(recreated);
    }

    @Test
    void aMissingCachedCopyIsAnOwnCreationNotSeenYetOrADeletion() {
        Secret created = secret("u1", "7");
        writes.wrote(KEY, created, true);
        assertThat(writes.newest(KEY, null)).as("created, not seen yet").isSameAs(created);
        Secret updated = secret("u1", "8");
        writes.wrote(KEY, updated, false);
        assertThat(writes.newest(KEY, null)).as("still never seen").isSameAs(updated);

        OwnWrites<Secret> other = new OwnWrites<>(Clock.systemUTC(), Duration.ofSeconds(30));
        other.wrote(KEY, secret("u1", "9"), false);
        assertThat(other.newest(KEY, null)).as("updated, then gone from the cache: deleted").isNull();
    }

    @Test
    void anOwnCopyStandsInForTheGraceAtMost() {
        Secret mine = secret("u1", "7");
        writes.wrote(KEY, mine, true);
        now = now.plusSeconds(30);
        assertThat(writes.newest(KEY, null)).isSameAs(mine);
        now = now.plusSeconds(1);
        assertThat(writes.newest(KEY, null)).isNull();
    }
}
