package dev.secretsync.kms;

import static dev.secretsync.kms.Canaries.ACCESS_KEY_SECRET;
import static dev.secretsync.kms.Canaries.PREFIX;
import static dev.secretsync.kms.Canaries.SECRET_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SourceException;
import dev.secretsync.testkit.ManualClock;
import dev.secretsync.testkit.Faults;
import dev.secretsync.testkit.KmsEmulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KmsSecretSource against the emulator with an AccessKey: values, versions, metadata, errors, faults. */
class KmsSourceIT {

    private static final String AK_ID = "LTAI5tSourceIT";
    private static final String SEED = """
            secrets:
            - name: app-db
              versions:
              - {id: v1, stages: [ACSPrevious], data: '{"password":"old"}'}
              - {id: v2, stages: [ACSCurrent], data: '{"password":"new"}'}
            - name: canary
              versions:
              - {id: c1, stages: [ACSCurrent], data: '%s'}
            """.formatted(SECRET_VALUE);

    private static final ManualClock CLOCK = ManualClock.atSystemNow();
    private static KmsEmulator kms;
    private KmsSecretSource source;

    @BeforeAll
    static void startEmulator() {
        kms = KmsEmulator.builder().accessKey(AK_ID, ACCESS_KEY_SECRET).clock(CLOCK).seed(SEED).build().start();
    }

    @AfterAll
    static void stopEmulator() {
        kms.close();
    }

    @BeforeEach
    void newSource() {
        source = new KmsSecretSource().putStore("kms", store(KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET)));
    }

    @AfterEach
    void cleanUp() {
        kms.faults().clear();
        source.close();
    }

    static KmsStoreConfig store(KmsAuth auth) {
        return EmulatorStores.loopback(kms, auth).build();
    }

    @Test
    void fetchesTheCurrentTextVersionWithMetadata() throws Exception {
        SecretValue value = source.fetch(SourceRef.current("kms", "app-db"));
        assertThat(value.kind()).isEqualTo(SecretValue.Kind.TEXT);
        assertThat(value.asString()).isEqualTo("{\"password\":\"new\"}");
        assertThat(value.versionId()).contains("v2");
        assertThat(value.metadata())
                .containsEntry(KmsSecretSource.META_SECRET_TYPE, "Generic")
                .containsEntry(KmsSecretSource.META_VERSION_STAGES, "ACSCurrent")
                .containsKey(KmsSecretSource.META_CREATE_TIME);
        assertThat(value.metadata().values()).noneMatch(v -> v.contains("password"));
    }

    @Test
    void selectsVersionsByStageAndById() throws Exception {
        assertThat(source.fetch(SourceRef.stage("kms", "app-db", "ACSPrevious")).versionId()).contains("v1");
        SecretValue byId = source.fetch(SourceRef.versionId("kms", "app-db", "v1"));
        assertThat(byId.asString()).isEqualTo("{\"password\":\"old\"}");
        assertThat(byId.metadata()).containsEntry(KmsSecretSource.META_VERSION_STAGES, "ACSPrevious");
        assertThat(failure(SourceRef.versionId("kms", "app-db", "v9")).kind()).isEqualTo(FailureKind.NOT_FOUND);
        // Both, as ack-secret-manager sends them: the version with that id, while it carries that stage.
        assertThat(source.fetch(new SourceRef("kms", "app-db", "ACSPrevious", "v1")).asString())
                .isEqualTo("{\"password\":\"old\"}");
        assertThat(failure(new SourceRef("kms", "app-db", "ACSCurrent", "v1")).kind()).isEqualTo(FailureKind.NOT_FOUND);
    }

    @Test
    void decodesBinarySecrets() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 'k', 'e', 'y'};
        kms.createSecret("tls-key", "b1", bytes);
        SecretValue value = source.fetch(SourceRef.current("kms", "tls-key"));
        assertThat(value.kind()).isEqualTo(SecretValue.Kind.BINARY);
        assertThat(value.asBytes()).containsExactly(bytes);
    }

    @Test
    void exposesRotationMetadataAndFollowsRotations() throws Exception {
        Instant next = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        kms.createSecret("rotating", "r1", "first");
        kms.rotationSchedule("rotating", Duration.ofDays(7), next);
        SecretValue first = source.fetch(SourceRef.current("kms", "rotating"));
        assertThat(first.nextRotation()).contains(next);
        assertThat(first.metadata())
                .containsEntry(KmsSecretSource.META_AUTOMATIC_ROTATION, "Enabled")
                .containsEntry(KmsSecretSource.META_ROTATION_INTERVAL, "604800s")
                .containsKey(KmsSecretSource.META_NEXT_ROTATION_DATE);

        String newVersion = kms.rotate("rotating", "second");
        SecretValue second = source.fetch(SourceRef.current("kms", "rotating"));
        assertThat(second.asString()).isEqualTo("second");
        assertThat(second.versionId()).contains(newVersion);
        assertThat(source.fetch(SourceRef.stage("kms", "rotating", "ACSPrevious")).asString()).isEqualTo("first");
    }

    @Test
    void missingSecretIsNotFound() {
        SourceException e = failure(SourceRef.current("kms", "no-such-secret"));
        assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND);
        assertThat(e.code()).isEqualTo("Forbidden.ResourceNotFound");
        assertThat(e.getMessage()).contains("'no-such-secret'").contains("'kms'").contains("HTTP 404");
    }

    @Test
    void wrongAccessKeySecretIsDeniedWithAClearMessage() {
        String wrong = PREFIX + "-wrong-secret";
        source.putStore("bad", store(KmsAuth.accessKey(AK_ID, wrong)));
        SourceException e = failure(SourceRef.current("bad", "canary"));
        assertThat(e.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.getMessage()).contains("KMS refused GetSecretValue for secret 'canary' in store 'bad'")
                .contains("IncompleteSignature").doesNotContain(PREFIX);
    }

    @Test
    void unknownAccessKeyIsDeniedNotNotFound() {
        source.putStore("unknown", store(KmsAuth.accessKey("LTAI5tNobody", ACCESS_KEY_SECRET)));
        SourceException e = failure(SourceRef.current("unknown", "app-db"));
        assertThat(e.code()).isEqualTo("InvalidAccessKeyId.NotFound");
        assertThat(e.kind()).isEqualTo(FailureKind.DENIED);
    }

    @Test
    void serverErrorsResetsTimeoutsAndOutagesAreRetryable() throws Exception {
        kms.faults().failNext(1, 500);
        SourceException internal = failure(SourceRef.current("kms", "canary"));
        assertThat(internal.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(internal.code()).isEqualTo("InternalFailure");

        kms.faults().failNext(1, 503);
        SourceException unavailable = failure(SourceRef.current("kms", "canary"));
        assertThat(unavailable.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(unavailable.code()).isEqualTo("ServiceUnavailableTemporary");

        kms.faults().resetNext(1);
        SourceException reset = failure(SourceRef.current("kms", "canary"));
        assertThat(reset.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(reset.code()).isEqualTo("NetworkError");

        kms.faults().outageFor(Duration.ofMinutes(1));
        assertThat(failure(SourceRef.current("kms", "canary")).kind()).isEqualTo(FailureKind.RETRYABLE);
        kms.faults().clear();

        source.putStore("slow", store(KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET)).toBuilder()
                .readTimeout(Duration.ofMillis(200)).build());
        kms.faults().latency(Duration.ofMillis(1500));
        SourceException timeout = failure(SourceRef.current("slow", "canary"));
        assertThat(timeout.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(timeout.getMessage()).contains("timed out");
        kms.faults().clear();

        // After the faults, the same source and client answer again.
        assertThat(source.fetch(SourceRef.current("kms", "canary")).asString()).isEqualTo(SECRET_VALUE);
        for (SourceException e : List.of(internal, unavailable, reset, timeout)) {
            assertThat(e.getMessage()).contains("'canary'").doesNotContain(PREFIX);
        }
    }

    @Test
    void throttledAtFiveQpsThenEveryValueArrivesAfterBoundedRetries() {
        int secrets = 20;
        for (int i = 0; i < secrets; i++) {
            kms.createSecret("throttled-" + i, "t" + i, "value-" + i);
        }
        kms.faults().resetCounts();
        kms.faults().qpsLimit(5);
        Map<FailureKind, Integer> failures = new EnumMap<>(FailureKind.class);
        Map<String, String> values = new HashMap<>();
        List<SourceRef> pending = new ArrayList<>();
        for (int i = 0; i < secrets; i++) {
            pending.add(SourceRef.current("kms", "throttled-" + i));
        }
        // The engine-independent retry loop: on THROTTLED, let a second pass (on the emulator's clock).
        for (int round = 0; round < 20 && !pending.isEmpty(); round++) {
            List<SourceRef> next = new ArrayList<>();
            for (SourceRef ref : pending) {
                try {
                    values.put(ref.name(), source.fetch(ref).asString());
                } catch (SourceException e) {
                    failures.merge(e.kind(), 1, Integer::sum);
                    assertThat(e.kind().isRetryable()).isTrue();
                    next.add(ref);
                }
            }
            pending = next;
            CLOCK.advance(Duration.ofSeconds(1));
        }
        assertThat(pending).isEmpty();
        assertThat(values).hasSize(secrets);
        for (int i = 0; i < secrets; i++) {
            assertThat(values).containsEntry("throttled-" + i, "value-" + i);
        }
        // 5 per emulator second: 15 + 10 + 5 throttled answers before the fourth pass gets the last five.
        assertThat(failures).containsOnlyKeys(FailureKind.THROTTLED);
        assertThat((long) failures.get(FailureKind.THROTTLED)).isEqualTo(kms.faults().injected(Faults.Kind.THROTTLED))
                .isEqualTo(30L);
    }

    @Test
    void secretValueNeverAppearsInToStringOrMessages() throws Exception {
        SecretValue value = source.fetch(SourceRef.current("kms", "canary"));
        assertThat(value.asString()).isEqualTo(SECRET_VALUE);
        assertThat(value.toString()).doesNotContain(PREFIX);
        assertThat(value.metadata().toString()).doesNotContain(PREFIX);
        assertThat(source.toString()).doesNotContain(PREFIX);
    }

    private SourceException failure(SourceRef ref) {
        return EmulatorStores.failure(source, ref);
    }
}
