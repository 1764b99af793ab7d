package dev.secretsync.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.k8s.model.StatusCondition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void transitionTimeMovesOnlyWhenTheStatusChanges() {
        List<StatusCondition> first = Conditions.set(null, "Ready", false, "ValidationFailed", "m1", 1L,
                at("2026-01-01T00:00:00.123Z"));
        assertThat(first).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        });

        List<StatusCondition> sameStatus = Conditions.set(first, "Ready", false, "ValidationFailed", "m2", 2L,
                at("2026-01-01T01:00:00Z"));
        assertThat(Conditions.find(sameStatus, "Ready").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(Conditions.find(sameStatus, "Ready").getMessage()).isEqualTo("m2");
        assertThat(Conditions.find(sameStatus, "Ready").getObservedGeneration()).isEqualTo(2L);

        List<StatusCondition> flipped = Conditions.set(sameStatus, "Ready", true, "Valid", "ok", 2L,
                at("2026-01-01T02:00:00Z"));
        assertThat(Conditions.find(flipped, "Ready").getLastTransitionTime()).isEqualTo("2026-01-01T02:00:00Z");
    }

    @Test
    void otherConditionsAreKeptInPlace() {
        StatusCondition other = new StatusCondition();
        other.setType("Synced");
        other.setStatus("True");
        List<StatusCondition> before = Conditions.set(List.of(other), "Ready", true, "Valid", null, null,
                at("2026-01-01T00:00:00Z"));
        List<StatusCondition> after = Conditions.set(before, "Ready", false, "Failed", null, null,
                at("2026-01-01T00:00:01Z"));
        assertThat(after).extracting(StatusCondition::getType).containsExactly("Synced", "Ready");
        assertThat(Conditions.find(after, "Missing")).isNull();
    }
}
