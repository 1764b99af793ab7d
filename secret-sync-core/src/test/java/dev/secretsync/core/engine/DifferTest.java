package dev.secretsync.core.engine;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.SyncDecision;
import dev.secretsync.core.spi.Transform;
import dev.secretsync.core.spi.TransformException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.testing.HoldingByName;
import dev.secretsync.core.testing.InMemorySink;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DifferTest {

    static final SourceRef A = SourceRef.current("s", "a");
    static final SourceRef B = SourceRef.current("s", "b");
    final InMemorySink sink = new InMemorySink();

    Binding binding(Transform transform, SourceRef... refs) {
        return Binding.builder("b").sink(sink).sources(java.util.List.of(refs)).transform(transform).build();
    }

    @Test
    void anEmptySinkIsWritten() {
        SyncDecision decision = Differ.decide(binding(Transform.byName(), A), Map.of(A, SecretValue.text("1", "v1")),
                Optional.empty());
        assertThat(decision).isInstanceOfSatisfying(SyncDecision.Write.class,
                w -> assertThat(w.state().keys()).containsExactly("a"));
    }

    @Test
    void aSinkHoldingTheSameHashIsLeftAlone() {
        String hash = DesiredState.ofText(Map.of("a", "1")).hash();
        assertThat(Differ.decide(binding(Transform.byName(), A), Map.of(A, SecretValue.text("1", "v1")), Optional.of(hash)))
                .isInstanceOf(SyncDecision.NoChange.class);
        assertThat(Differ.decide(binding(Transform.byName(), A), Map.of(A, SecretValue.text("2", "v2")), Optional.of(hash)))
                .isInstanceOf(SyncDecision.Write.class);
    }

    @Test
    void aMissingReferenceKeepsTheSinkAsItIs() {
        SyncDecision decision = Differ.decide(binding(Transform.byName(), A, B), Map.of(A, SecretValue.text("1", "v1")),
                Optional.empty());
        assertThat(decision).isEqualTo(new SyncDecision.KeepExisting(SyncDecision.Reason.SOURCE_UNAVAILABLE,
                "no value has been fetched yet for s/b"));
    }

    @Test
    void aTransformThatCanDoWithoutAMissingReferenceWritesTheRestAndHoldsItsKeys() {
        SyncDecision decision = Differ.decide(binding(new HoldingByName(A, B), A, B),
                Map.of(A, SecretValue.text("1", "v1")), Optional.empty());
        assertThat(decision).isInstanceOfSatisfying(SyncDecision.Write.class, w -> {
            assertThat(w.state().keys()).containsExactly("a");
            assertThat(w.state().heldKeys()).containsExactly("b");
        });
    }

    @Test
    void butNotWithoutEveryReferenceNorWithoutOneItNeeds() {
        assertThat(Differ.decide(binding(new HoldingByName(A, B), A, B), Map.of(), Optional.empty()))
                .isEqualTo(new SyncDecision.KeepExisting(SyncDecision.Reason.SOURCE_UNAVAILABLE,
                        "no value has been fetched yet for s/a"));
        assertThat(Differ.decide(binding(new HoldingByName(B), A, B), Map.of(B, SecretValue.text("2", "v1")),
                Optional.empty())).as("only b may be missing")
                .isEqualTo(new SyncDecision.KeepExisting(SyncDecision.Reason.SOURCE_UNAVAILABLE,
                        "no value has been fetched yet for s/a"));
    }

    @Test
    void anEmptyTransformResultKeepsTheSinkAsItIs() {
        SyncDecision decision = Differ.decide(binding(values -> DesiredState.of(Map.of()), A),
                Map.of(A, SecretValue.text("1", "v1")), Optional.of("old-hash"));
        assertThat(decision).isInstanceOfSatisfying(SyncDecision.KeepExisting.class,
                k -> assertThat(k.reason()).isEqualTo(SyncDecision.Reason.EMPTY_RESULT));
    }

    @Test
    void aTransformErrorNamesTheFieldAndKeepsTheSink() {
        Transform failing = values -> {
            throw new TransformException("spec.data[0].jmesPath[0].path", "invalid expression");
        };
        SyncDecision decision = Differ.decide(binding(failing, A), Map.of(A, SecretValue.text("1", "v1")), Optional.empty());
        assertThat(decision).isInstanceOfSatisfying(SyncDecision.KeepExisting.class, k -> {
            assertThat(k.reason()).isEqualTo(SyncDecision.Reason.INVALID_INPUT);
            assertThat(k.detail()).startsWith("spec.data[0].jmesPath[0].path: ");
        });
    }

    @Test
    void theSingleTransformRejectsSeveralValues() {
        SyncDecision decision = Differ.decide(binding(Transform.single("k"), A, B),
                Map.of(A, SecretValue.text("1", "v1"), B, SecretValue.text("2", "v1")), Optional.empty());
        assertThat(decision).isInstanceOf(SyncDecision.KeepExisting.class);
    }
}
