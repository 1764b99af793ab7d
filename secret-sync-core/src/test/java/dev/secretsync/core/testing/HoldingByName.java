package dev.secretsync.core.testing;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.Transform;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@link Transform#byName()} that can do without any of its references: a missing one's key is held. */
public record HoldingByName(List<SourceRef> refs) implements Transform {

    public HoldingByName(SourceRef... refs) {
        this(List.of(refs));
    }

    @Override
    public DesiredState apply(Map<SourceRef, SecretValue> values) {
        Map<String, byte[]> data = new TreeMap<>();
        Set<String> held = new TreeSet<>();
        for (SourceRef ref : refs) {
            SecretValue value = values.get(ref);
            if (value == null) {
                held.add(ref.name());
            } else {
                data.put(ref.name(), value.asBytes());
            }
        }
        return DesiredState.of(data).withHeld(held, false);
    }

    @Override
    public boolean canDoWithout(SourceRef ref) {
        return refs.contains(ref);
    }
}
