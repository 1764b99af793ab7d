package dev.secretsync.transform;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.TransformException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Secrets by name in one store, and the transform's result as text. */
final class Fixtures {

    private Fixtures() {
    }

    static SourceRef ref(String name) {
        return SourceRef.current("kms", name);
    }

    static Map<SourceRef, SecretValue> secrets(String... nameThenValue) {
        Map<SourceRef, SecretValue> values = new LinkedHashMap<>();
        for (int i = 0; i < nameThenValue.length; i += 2) {
            values.put(ref(nameThenValue[i]), SecretValue.text(nameThenValue[i + 1], "v1"));
        }
        return values;
    }

    static Map<String, String> text(DesiredState state) {
        Map<String, String> out = new TreeMap<>();
        state.data().forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    static Map<String, String> run(SecretMapping mapping, Map<SourceRef, SecretValue> values) throws TransformException {
        return text(MappingTransform.compile(mapping).apply(values));
    }
}
