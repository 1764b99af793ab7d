package dev.secretsync.core;

import dev.secretsync.core.engine.Binding;
import dev.secretsync.core.engine.SyncEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelTest {

    static final String CANARY = "CANARY-7f3a9c-password";

    @Test
    void aReferenceSelectsAStageAVersionIdOrBoth() {
        assertThat(new SourceRef("s", "n", "ACSCurrent", "v1")).hasToString("s/n@ACSCurrent@id:v1")
                .isNotEqualTo(SourceRef.versionId("s", "n", "v1"));
        assertThat(SourceRef.stage("s", "n", "ACSPrevious")).hasToString("s/n@ACSPrevious");
        assertThat(SourceRef.versionId("s", "n", "v7")).hasToString("s/n@id:v7");
        assertThat(new SourceRef("s", "n", " ", "")).isEqualTo(SourceRef.current("s", "n"));
    }

    @Test
    void aReferenceNeedsAStoreAndAName() {
        assertThatThrownBy(() -> SourceRef.current(" ", "n")).hasMessageContaining("store");
        assertThatThrownBy(() -> SourceRef.current("s", null)).hasMessageContaining("name");
    }

    @Test
    void aSecretValueNeverShowsItsContent() {
        SecretValue value = SecretValue.text(CANARY, "v1");
        assertThat(value.toString()).doesNotContain(CANARY).doesNotContain(value.contentHash().substring(0, 8))
                .contains("v1").contains("redacted");
        assertThat(SecretValue.binary(CANARY.getBytes(StandardCharsets.UTF_8), "v2").toString()).doesNotContain(CANARY);
    }

    @Test
    void anAssertionFailureOnSecretValuesDoesNotRevealThem() {
        SecretValue a = SecretValue.text(CANARY + "-a", "v1");
        SecretValue b = SecretValue.text(CANARY + "-b", "v1");
        assertThatThrownBy(() -> assertThat(a).isEqualTo(b))
                .isInstanceOf(AssertionError.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
    }

    @Test
    void secretValuesCompareContentKindAndVersionButNotMetadata() {
        SecretValue a = SecretValue.text("x", "v1");
        assertThat(a).isEqualTo(SecretValue.text("x", "v1").withMetadata(Map.of("secretType", "Generic")));
        assertThat(a).isNotEqualTo(SecretValue.text("x", "v2"));
        assertThat(a).isNotEqualTo(SecretValue.binary("x".getBytes(StandardCharsets.UTF_8), "v1"));
        assertThat(a.contentHash()).isEqualTo(SecretValue.text("x", "v9").contentHash());
    }

    @Test
    void binaryValuesAreCopiedInAndOut() {
        byte[] raw = {1, 2, 3};
        SecretValue value = SecretValue.binary(raw, "v1");
        raw[0] = 9;
        value.asBytes()[1] = 9;
        assertThat(value.asBytes()).containsExactly(1, 2, 3);
        assertThat(value.kind()).isEqualTo(SecretValue.Kind.BINARY);
    }

    @Test
    void aDesiredStateHashIgnoresInsertionOrderButNotContent() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        assertThat(DesiredState.ofText(ab).hash()).isEqualTo(DesiredState.ofText(ba).hash());
        assertThat(DesiredState.ofText(ab)).isEqualTo(DesiredState.ofText(ba));
        assertThat(DesiredState.ofText(ab).hash()).isNotEqualTo(DesiredState.ofText(Map.of("a", "1", "b", "3")).hash());
    }

    @Test
    void aDesiredStateHashSeparatesKeysFromValuesAndCoversAttributes() {
        assertThat(DesiredState.ofText(Map.of("a", "bc")).hash()).isNotEqualTo(DesiredState.ofText(Map.of("ab", "c")).hash());
        Map<String, byte[]> data = Map.of("k", new byte[] {1});
        assertThat(DesiredState.of(data, Map.of("type", "Opaque")).hash())
                .isNotEqualTo(DesiredState.of(data, Map.of("type", "kubernetes.io/tls")).hash());
    }

    @Test
    void heldKeysAreNamedInTheHashButNeverWrittenOrShown() {
        DesiredState plain = DesiredState.ofText(Map.of("a", "1"));
        DesiredState holding = plain.withHeld(Set.of("b", "a"), false);
        assertThat(holding.keys()).containsExactly("a");
        assertThat(holding.heldKeys()).as("a written key is not held").containsExactly("b");
        assertThat(holding.holds("b")).isTrue();
        assertThat(holding.holds("a")).isFalse();
        assertThat(holding.holds("c")).isFalse();
        assertThat(holding.hash()).isNotEqualTo(plain.hash());
        assertThat(plain.withHeld(Set.of(), false)).as("holding nothing is the plain state").isEqualTo(plain);
        DesiredState others = plain.withHeld(Set.of(), true);
        assertThat(others.holds("anything")).isTrue();
        assertThat(others.hash()).isNotEqualTo(plain.hash()).isNotEqualTo(holding.hash());
        assertThat(holding).hasToString("DesiredState[keys=[a], held=[b], attributes=[]]");
    }

    @Test
    void aDesiredStateListsKeysButNeverValues() {
        DesiredState state = DesiredState.ofText(Map.of("password", CANARY));
        assertThat(state.toString()).contains("password").doesNotContain(CANARY);
        assertThat(state.size()).isEqualTo(CANARY.length());
    }

    @Test
    void aBindingNeedsASinkAndAReference() {
        assertThatThrownBy(() -> Binding.builder("b").source(SourceRef.current("s", "n")).build())
                .hasMessageContaining("'b'").hasMessageContaining("sink");
        assertThatThrownBy(() -> Binding.builder("b").sink(new dev.secretsync.core.testing.InMemorySink()).build())
                .hasMessageContaining("source reference");
        assertThatThrownBy(() -> Binding.builder("b").refreshInterval(Duration.ZERO))
                .hasMessageContaining("refreshInterval");
    }

    @Test
    void retryCeilingsGrowExponentiallyUpToTheCap() {
        RetryPolicy policy = RetryPolicy.custom().initialBackoff(Duration.ofMillis(500)).multiplier(3)
                .maxBackoff(Duration.ofSeconds(10)).build();
        assertThat(policy.backoffCeiling(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoffCeiling(2)).isEqualTo(Duration.ofMillis(1500));
        assertThat(policy.backoffCeiling(3)).isEqualTo(Duration.ofMillis(4500));
        assertThat(policy.backoffCeiling(4)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoffCeiling(40)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void policiesRejectBadSettingsNamingTheField() {
        assertThatThrownBy(() -> RetryPolicy.custom().maxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> RetryPolicy.custom().multiplier(0.5)).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> RetryPolicy.custom().initialBackoff(Duration.ofSeconds(5)).maxBackoff(Duration.ofSeconds(1)).build())
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> RateLimitPolicy.perSecond(0)).hasMessageContaining("permitsPerSecond");
        assertThatThrownBy(() -> RateLimitPolicy.perSecond(5).withBurst(0)).hasMessageContaining("burst");
        assertThatThrownBy(() -> RateLimitPolicy.perSecond(5).withMinPermitsPerSecond(6)).hasMessageContaining("minPermitsPerSecond");
        assertThatThrownBy(() -> SyncEngine.builder(ref -> null).jitter(1.0)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> SyncEngine.builder(ref -> null).refreshInterval(Duration.ofSeconds(-1)))
                .hasMessageContaining("refreshInterval");
    }
}
