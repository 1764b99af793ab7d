package dev.secretsync.core;

import java.util.Objects;

/**
 * What one sync of a binding does. A value, so that deciding is a pure function
 * (the engine's {@code Differ}) and carrying it out is the engine's job.
 */
public sealed interface SyncDecision {

    /** The sink differs from the desired state: write it. */
    record Write(DesiredState state) implements SyncDecision {
        public Write {
            Objects.requireNonNull(state, "state");
        }
    }

    /** The sink already holds the desired state. */
    record NoChange() implements SyncDecision {
    }

    /** Leave the sink as it is, for a reason: it keeps its last good content. */
    record KeepExisting(Reason reason, String detail) implements SyncDecision {
        public KeepExisting {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a sync left the sink alone. */
    enum Reason {
        /**
         * A referenced secret has never been fetched successfully, and the transform cannot do
         * without it (or no reference has a value at all).
         */
        SOURCE_UNAVAILABLE,
        /** The transform produced no entries; an empty result never clears a sink. */
        EMPTY_RESULT,
        /** The binding's configuration does not fit the data (bad path, bad key name, ...). */
        INVALID_INPUT
    }
}
