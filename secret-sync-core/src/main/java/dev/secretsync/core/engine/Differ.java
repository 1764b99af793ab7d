package dev.secretsync.core.engine;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.SyncDecision;
import dev.secretsync.core.spi.TransformException;
import java.util.Map;
import java.util.Optional;

/** Decides what a sync does. Pure: no I/O, no clock, no state. */
final class Differ {

    private Differ() {
    }

    /**
     * A reference without a value leaves the sink alone, unless the transform can do without it
     * and some other reference has a value: then the transform holds its keys (partial failure).
     *
     * @param binding    what to sync
     * @param values     the freshest good value of each reference that has one (stale values count)
     * @param sinkHash   what the sink reports it holds
     */
    static SyncDecision decide(Binding binding, Map<SourceRef, SecretValue> values, Optional<String> sinkHash) {
        boolean anyValue = false;
        SourceRef firstMissing = null;
        for (SourceRef ref : binding.refs()) {
            if (values.containsKey(ref)) {
                anyValue = true;
            } else if (!binding.transform().canDoWithout(ref)) {
                return unavailable(ref);
            } else if (firstMissing == null) {
                firstMissing = ref;
            }
        }
        if (!anyValue) {
            return unavailable(firstMissing); // a binding has at least one reference
        }
        DesiredState desired;
        try {
            desired = binding.transform().apply(values);
        } catch (TransformException e) {
            return new SyncDecision.KeepExisting(SyncDecision.Reason.INVALID_INPUT, e.getMessage());
        }
        if (desired == null || desired.isEmpty()) {
            return new SyncDecision.KeepExisting(SyncDecision.Reason.EMPTY_RESULT,
                    "the transform produced no entries; the target is left as it is");
        }
        if (sinkHash.isPresent() && sinkHash.get().equals(desired.hash())) {
            return new SyncDecision.NoChange();
        }
        return new SyncDecision.Write(desired);
    }

    private static SyncDecision unavailable(SourceRef ref) {
        return new SyncDecision.KeepExisting(SyncDecision.Reason.SOURCE_UNAVAILABLE,
                "no value has been fetched yet for " + ref);
    }
}
