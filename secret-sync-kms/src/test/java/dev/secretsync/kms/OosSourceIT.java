package dev.secretsync.kms;

import static dev.secretsync.kms.Canaries.ACCESS_KEY_SECRET;
import static dev.secretsync.kms.Canaries.PREFIX;
import static dev.secretsync.kms.Canaries.SECRET_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SourceException;
import dev.secretsync.testkit.KmsEmulator;
import dev.secretsync.testkit.ManualClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OOS encrypted parameters through the oos20190601 SDK against the emulator: values, errors, faults, sign-in. */
class OosSourceIT {

    private static final String AK_ID = "LTAI5tOosIT";
    private static final String SEED = """
            parameters:
            - {name: db-password, value: '%s'}
            secrets:
            - name: kms-only
              versions: [{id: v1, stages: [ACSCurrent], data: x}]
            """.formatted(SECRET_VALUE);

    private static final ManualClock CLOCK = ManualClock.atSystemNow();
    private static KmsEmulator emulator;
    private KmsSecretSource source;

    @BeforeAll
    static void start() {
        emulator = KmsEmulator.builder().accessKey(AK_ID, ACCESS_KEY_SECRET).clock(CLOCK).seed(SEED).build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void newSource() {
        source = new KmsSecretSource().putStore("oos", store(KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET)))
                .putStore("kms", store(KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET)).toBuilder()
                        .service(KmsStoreConfig.Service.KMS).build());
    }

    @AfterEach
    void cleanUp() {
        emulator.faults().clear();
        emulator.resetCounters();
        source.close();
    }

    private static KmsStoreConfig store(KmsAuth auth) {
        return EmulatorStores.loopback(emulator, auth).service(KmsStoreConfig.Service.OOS).build();
    }

    @Test
    void readsTheDecryptedParameterWithItsVersionAndIgnoresVersionFields() throws Exception {
        SecretValue value = source.fetch(SourceRef.current("oos", "db-password"));
        assertThat(value.asString()).isEqualTo(SECRET_VALUE);
        assertThat(value.versionId()).contains("1");
        assertThat(value.metadata()).containsEntry(KmsSecretSource.META_SECRET_TYPE, "Secret")
                .containsKey(KmsSecretSource.META_CREATE_TIME);
        assertThat(value.toString()).doesNotContain(PREFIX);
        // ack-secret-manager sends no version for OOS: stage and id are not passed on.
        assertThat(source.fetch(new SourceRef("oos", "db-password", "ACSPrevious", "v9")).asString())
                .isEqualTo(SECRET_VALUE);
        assertThat(emulator.requestCount("GetSecretParameter", "db-password")).isEqualTo(2);
        assertThat(emulator.requestCount("GetSecretValue")).isZero();
        assertThat(source.service("oos")).contains(KmsStoreConfig.Service.OOS);
        assertThat(source.service("kms")).contains(KmsStoreConfig.Service.KMS);
    }

    @Test
    void eachStoreReachesItsOwnService() throws Exception {
        assertThat(source.fetch(SourceRef.current("kms", "kms-only")).asString()).isEqualTo("x");
        SourceException e = failure(SourceRef.current("oos", "kms-only"));
        assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND);
        assertThat(e.getMessage()).contains("OOS refused GetSecretParameter").contains("parameter 'kms-only'")
                .contains("'oos'").contains("EntityNotExists.Parameter");
    }

    @Test
    void failuresAreClassifiedWithoutShowingSecrets() {
        source.putStore("bad", store(KmsAuth.accessKey(AK_ID, PREFIX + "-wrong")));
        SourceException denied = failure(SourceRef.current("bad", "db-password"));
        assertThat(denied.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(denied.getMessage()).doesNotContain(PREFIX);

        emulator.faults().qpsLimit(1);
        List<SourceException> failures = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try {
                source.fetch(SourceRef.current("oos", "db-password"));
            } catch (SourceException ex) {
                failures.add(ex);
            }
        }
        assertThat(failures).isNotEmpty().allMatch(ex -> ex.kind() == FailureKind.THROTTLED);
        emulator.faults().clear();
        emulator.faults().failNext(1, 503);
        assertThat(failure(SourceRef.current("oos", "db-password")).kind()).isEqualTo(FailureKind.RETRYABLE);
        emulator.faults().resetNext(1);
        SourceException reset = failure(SourceRef.current("oos", "db-password"));
        assertThat(reset.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(reset.getMessage()).contains("GetSecretParameter for parameter 'db-password'");
    }

    @Test
    void signsInThroughTheSameTiersAsKms() throws Exception {
        KmsAuth missingToken = KmsAuth.oidcTokenFile(Canaries.ROLE_ARN, Canaries.OIDC_PROVIDER_ARN,
                Path.of("/nonexistent/oidc-token"));
        source.putStore("tiers", store(KmsAuth.firstAvailable(List.of(missingToken,
                KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET)))));
        assertThat(source.fetch(SourceRef.current("tiers", "db-password")).asString()).isEqualTo(SECRET_VALUE);
    }

    private SourceException failure(SourceRef ref) {
        return EmulatorStores.failure(source, ref);
    }
}
