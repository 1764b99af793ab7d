package dev.secretsync.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.controller.translate.ExternalSecretTranslation;
import dev.secretsync.controller.translate.ExternalSecretTranslator;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.SyncDecision;
import dev.secretsync.core.engine.RefStatus;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.k8s.model.DataSyncResult;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretStatus;
import dev.secretsync.k8s.model.StatusCondition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The status as a pure function of the resource, its sync state and the engine's reference statuses. */
class ExternalSecretStatusesTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final SourceRef A = SourceRef.current("controller", "a");
    static final SourceRef B = SourceRef.current("controller", "b");

    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    final ExternalSecret es = new KubernetesSerialization().unmarshal("""
            apiVersion: alibabacloud.com/v1alpha1
            kind: ExternalSecret
            metadata: {name: db, namespace: apps, uid: u-1, generation: 3}
            spec:
              data: [{key: a}, {key: b}]
            """, ExternalSecret.class);
    final ExternalSecretTranslation translation = translate(es);
    final Map<SourceRef, RefStatus> refs = new HashMap<>();

    static ExternalSecretTranslation translate(ExternalSecret es) {
        try {
            return new ExternalSecretTranslator(ControllerSettings.defaults()).translate(es);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static RefStatus fetched(SourceRef ref) {
        return new RefStatus(ref, "v1", T0, Duration.ZERO, 0, null, null, null);
    }

    static RefStatus failed(SourceRef ref, boolean withValue) {
        return new RefStatus(ref, withValue ? "v1" : null, withValue ? T0 : null, withValue ? Duration.ofMinutes(5) : null,
                2, FailureKind.NOT_FOUND, "secret " + ref.name() + " not found", null);
    }

    SyncState bound(SyncEvent lastSync) {
        return SyncState.NEW.withTranslation(translation, "5").withTarget("apps/db").withBound(true, true)
                .withLastSync(lastSync);
    }

    static SyncEvent written() {
        return new SyncEvent.TargetWritten(T0, "ExternalSecret/apps/db", "apps/db", Set.of("a", "b"));
    }

    static SyncEvent unchanged(SyncDecision decision) {
        return new SyncEvent.TargetUnchanged(T0, "ExternalSecret/apps/db", "apps/db", decision);
    }

    Optional<ExternalSecretStatuses.Computed> status(SyncState state) {
        return ExternalSecretStatuses.of(es, state, ref -> Optional.ofNullable(refs.get(ref)), clock);
    }

    static StatusCondition ready(ExternalSecretStatus status) {
        return status.getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
    }

    static List<String> results(ExternalSecretStatus status) {
        return status.getDataSyncResults().stream().map(r -> r.getExternalSecretKey() + "=" + r.getStatus()).toList();
    }

    @Test
    void readyOnlyOnceTheEngineWroteOrCheckedTheSecret() {
        refs.put(A, fetched(A));
        refs.put(B, fetched(B));
        assertThat(status(bound(null))).as("fetched, not written yet").isEmpty();
        assertThat(status(bound(unchanged(new SyncDecision.KeepExisting(SyncDecision.Reason.SOURCE_UNAVAILABLE, "x")))))
                .as("the engine did not look at the Secret").isEmpty();

        ExternalSecretStatus synced = status(bound(written())).orElseThrow().status();
        assertThat(ready(synced).getStatus()).isEqualTo("True");
        assertThat(ready(synced).getReason()).isEqualTo(ExternalSecretStatuses.SYNCED);
        assertThat(ready(synced).getMessage()).isEqualTo("Secret apps/db is in sync");
        assertThat(ready(synced).getObservedGeneration()).isEqualTo(3L);
        assertThat(results(synced)).containsExactly("a=Succeeded", "b=Succeeded");
        assertThat(status(bound(unchanged(new SyncDecision.NoChange()))).orElseThrow().status()).isEqualTo(synced);
    }

    @Test
    void stillFetchingSaysNothing() {
        refs.put(A, fetched(A));
        assertThat(status(bound(null))).isEmpty();
    }

    @Test
    void aPartialFailureNamesTheFailedSecretsAndKeepsTheirKeys() {
        refs.put(A, fetched(A));
        refs.put(B, failed(B, false));
        ExternalSecretStatuses.Computed computed = status(bound(written())).orElseThrow();
        assertThat(ready(computed.status()).getReason()).isEqualTo(ExternalSecretStatuses.PROVIDER_ERROR);
        assertThat(ready(computed.status()).getMessage()).isEqualTo("failed: b; their keys keep their old values");
        assertThat(results(computed.status())).containsExactly("a=Succeeded", "b=Failed");
        assertThat(computed.status().getDataSyncResults().get(1).getReason()).isEqualTo("secret b not found");
        assertThat(computed.everySecretFailed()).isFalse();
    }

    @Test
    void everySecretFailedIsSaidSoForTheCleanUpFlag() {
        refs.put(A, failed(A, false));
        refs.put(B, failed(B, false));
        ExternalSecretStatuses.Computed computed = status(bound(null)).orElseThrow();
        assertThat(ready(computed.status()).getMessage()).isEqualTo("no secret could be fetched: a, b");
        assertThat(computed.everySecretFailed()).isTrue();
    }

    @Test
    void aStaleValueIsAWarningNotAFailure() {
        refs.put(A, fetched(A));
        refs.put(B, failed(B, true));
        ExternalSecretStatus status = status(bound(written())).orElseThrow().status();
        assertThat(results(status)).containsExactly("a=Succeeded", "b=Warning");
        assertThat(ready(status).getStatus()).isEqualTo("True");
    }

    @Test
    void writeFailuresAndDataThatDoesNotFitTheSpecComeFirst() {
        refs.put(A, fetched(A));
        refs.put(B, fetched(B));
        ExternalSecretStatus writeFailed = status(bound(new SyncEvent.WriteFailed(T0, "ExternalSecret/apps/db", "apps/db",
                "Secret apps/db: update failed with HTTP 500", true))).orElseThrow().status();
        assertThat(ready(writeFailed).getReason()).isEqualTo(ExternalSecretStatuses.SYNC_ERROR);
        assertThat(ready(writeFailed).getMessage()).isEqualTo("Secret apps/db: update failed with HTTP 500");

        ExternalSecretStatus invalid = status(bound(unchanged(new SyncDecision.KeepExisting(
                SyncDecision.Reason.INVALID_INPUT, "spec.dataProcess[0].extract: needs an object")))).orElseThrow().status();
        assertThat(ready(invalid).getReason()).isEqualTo(ExternalSecretStatuses.INVALID_SPEC);
        assertThat(ready(invalid).getMessage())
                .isEqualTo("spec.dataProcess[0].extract: needs an object; the Secret keeps its content");
    }

    @Test
    void aKeysSynchronizationTimeMovesOnlyWhenItsResultChanges() {
        refs.put(A, fetched(A));
        refs.put(B, fetched(B));
        ExternalSecretStatus first = status(bound(written())).orElseThrow().status();
        es.setStatus(first);
        Clock later = Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC);
        ExternalSecretStatus again = ExternalSecretStatuses.of(es, bound(written()),
                ref -> Optional.ofNullable(refs.get(ref)), later).orElseThrow().status();
        assertThat(again).as("nothing changed: nothing to write").isEqualTo(first);

        refs.put(B, failed(B, false));
        ExternalSecretStatus changed = ExternalSecretStatuses.of(es, bound(written()),
                ref -> Optional.ofNullable(refs.get(ref)), later).orElseThrow().status();
        assertThat(changed.getDataSyncResults()).extracting(DataSyncResult::getSynchronizationTime)
                .containsExactly(T0.toString(), T0.plusSeconds(600).toString());
    }

    @Test
    void anUnboundResourceWasCreatedOnce() {
        SyncState createdOnce = SyncState.NEW.withTranslation(translation, "5").withTarget("apps/db").withBound(false, true);
        ExternalSecretStatus status = status(createdOnce).orElseThrow().status();
        assertThat(ready(status).getMessage()).isEqualTo("Secret apps/db was created once (refreshPolicy CreatedOnce)");
    }

    @Test
    void aFailedResourceKeepsItsPerKeyResults() {
        refs.put(A, fetched(A));
        refs.put(B, fetched(B));
        es.setStatus(status(bound(written())).orElseThrow().status());
        ExternalSecretStatus failed = ExternalSecretStatuses.failed(es, ExternalSecretStatuses.STORE_NOT_READY,
                "SecretStore/apps/kms not found", clock);
        assertThat(ready(failed).getStatus()).isEqualTo("False");
        assertThat(ready(failed).getReason()).isEqualTo(ExternalSecretStatuses.STORE_NOT_READY);
        assertThat(results(failed)).containsExactly("a=Succeeded", "b=Succeeded");
    }
}
