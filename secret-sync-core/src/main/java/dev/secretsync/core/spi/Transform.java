package dev.secretsync.core.spi;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns fetched secret values into what a sink should hold. Must be a pure function of its input:
 * the engine calls it on every sync and compares the result's hash with what the sink holds.
 *
 * <p>Partial failure: a transform that {@linkplain #canDoWithout can do without} a reference that
 * has no value is applied to the values there are, and its result holds the keys that reference
 * would write ({@link DesiredState#withHeld}), so the target keeps their current values while the
 * other keys are written. The engine keeps polling the missing reference meanwhile.
 */
@FunctionalInterface
public interface Transform {

    /**
     * @param values one value for each of the binding's references (stale values included); a
     *               reference this transform {@linkplain #canDoWithout can do without} may be absent
     * @throws TransformException naming the field at fault; the sink keeps what it holds
     */
    DesiredState apply(Map<SourceRef, SecretValue> values) throws TransformException;

    /**
     * Whether {@link #apply} can go ahead while {@code ref} has no value (never fetched
     * successfully), holding the keys it would write. At least one reference must still have a
     * value. Default: no, the target is left as it is until every reference has a value.
     */
    default boolean canDoWithout(SourceRef ref) {
        return false;
    }

    /** Each secret becomes one entry named after the secret. */
    static Transform byName() {
        return values -> {
            Map<String, byte[]> data = new TreeMap<>();
            values.forEach((ref, value) -> data.put(ref.name(), value.asBytes()));
            return DesiredState.of(data);
        };
    }

    /** One entry, {@code key}, holding the single referenced value. */
    static Transform single(String key) {
        return values -> {
            if (values.size() != 1) {
                throw new TransformException("transform", "expects exactly one secret, got " + values.size());
            }
            return DesiredState.of(Map.of(key, values.values().iterator().next().asBytes()));
        };
    }

    /** Text of a value, for transforms that parse it. */
    static String text(SecretValue value) {
        return new String(value.asBytes(), StandardCharsets.UTF_8);
    }
}
