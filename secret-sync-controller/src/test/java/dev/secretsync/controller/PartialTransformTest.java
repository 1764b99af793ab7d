package dev.secretsync.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.transform.DataEntry;
import dev.secretsync.transform.DataProcess;
import dev.secretsync.transform.JmesPath;
import dev.secretsync.transform.SecretMapping;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartialTransformTest {

    static final SourceRef A = SourceRef.current("s", "a");
    static final SourceRef B = SourceRef.current("s", "b");
    static final SourceRef C = SourceRef.current("s", "c");

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void failedEntriesKeepWhatTheSecretHoldsForTheirKeysOnly() throws Exception {
        SecretMapping mapping = SecretMapping.builder()
                .data(DataEntry.of(A, "a"))
                .data(DataEntry.of(B, "b", new JmesPath("user", "user")))
                .build();
        Map<String, byte[]> held = Map.of("a", b("old-a"), "b", b("old-b"), "user", b("old-user"), "foreign", b("x"));
        PartialTransform t = new PartialTransform(mapping, Set.of(B), () -> held);
        assertThat(t.refs()).containsExactly(A);
        DesiredState state = t.apply(Map.of(A, SecretValue.text("new-a", "v2")));
        assertThat(state.keys()).containsExactlyInAnyOrder("a", "b", "user");
        assertThat(new String(state.get("a"), StandardCharsets.UTF_8)).isEqualTo("new-a");
        assertThat(new String(state.get("user"), StandardCharsets.UTF_8)).isEqualTo("old-user");
    }

    @Test
    void aFailedExtractKeepsEveryOtherHeldKey() throws Exception {
        SecretMapping mapping = SecretMapping.builder().data(DataEntry.of(A, "a"))
                .dataProcess(DataProcess.extract(C)).build();
        PartialTransform t = new PartialTransform(mapping, Set.of(C), () -> Map.of("x", b("1"), "y", b("2")));
        assertThat(t.apply(Map.of(A, SecretValue.text("v", "v1"))).keys()).containsExactlyInAnyOrder("a", "x", "y");
        assertThat(t).isEqualTo(new PartialTransform(mapping, Set.of(C), Map::of));
        assertThat(t).isNotEqualTo(new PartialTransform(mapping, Set.of(A), Map::of));
    }
}
