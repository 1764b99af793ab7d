package dev.secretsync.k8s;

import dev.secretsync.k8s.model.StatusCondition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Status conditions as Kubernetes keeps them: one per type, a transition time that moves only on a change of status. */
public final class Conditions {

    public static final String READY = "Ready";

    private Conditions() {
    }

    /**
     * {@code previous} with the condition of {@code type} set; its {@code lastTransitionTime} is kept
     * when the status did not change. Other conditions are kept in place.
     */
    public static List<StatusCondition> set(List<StatusCondition> previous, String type, boolean status,
                                            String reason, String message, Long observedGeneration, Clock clock) {
        StatusCondition next = new StatusCondition();
        next.setType(Objects.requireNonNull(type, "type"));
        next.setStatus(status ? "True" : "False");
        next.setReason(reason);
        next.setMessage(message);
        next.setObservedGeneration(observedGeneration);
        StatusCondition old = find(previous, type);
        next.setLastTransitionTime(old != null && Objects.equals(old.getStatus(), next.getStatus())
                && old.getLastTransitionTime() != null ? old.getLastTransitionTime()
                : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        List<StatusCondition> result = new ArrayList<>();
        boolean placed = false;
        if (previous != null) {
            for (StatusCondition c : previous) {
                if (type.equals(c.getType())) {
                    if (!placed) {
                        result.add(next);
                        placed = true;
                    }
                } else {
                    result.add(c);
                }
            }
        }
        if (!placed) {
            result.add(next);
        }
        return result;
    }

    /** The condition of {@code type}, or {@code null}. */
    public static StatusCondition find(List<StatusCondition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
