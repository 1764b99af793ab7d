package dev.secretsync.spring.config;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.embedded.JsonSecrets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * The properties of one imported secret. A JSON object is flattened (nested keys dotted, array
 * elements {@code [i]}); any other value becomes one property named after the secret. Every name
 * gets the resource's prefix. Updated in place when the secret changes, so the Environment that
 * holds it sees the new values.
 */
public final class SecretPropertySource extends EnumerablePropertySource<SourceRef> {

    private final String secretName;
    private final String prefix;
    private final boolean optional;
    private volatile Map<String, String> values;

    /** A property source for {@code ref}; {@code value} may be null (not readable yet). */
    public SecretPropertySource(SourceRef ref, String prefix, boolean optional, SecretValue value) {
        super("secret-sync:" + ref.name(), ref);
        this.secretName = ref.name();
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.optional = optional;
        this.values = value == null ? Map.of() : toProperties(value);
    }

    /** The secret behind this property source. */
    public SourceRef ref() {
        return getSource();
    }

    /** Whether the import was {@code optional:} (start-up went on without it). */
    public boolean isOptional() {
        return optional;
    }

    public boolean hasValue() {
        return !values.isEmpty();
    }

    @Override
    public String[] getPropertyNames() {
        return values.keySet().toArray(String[]::new);
    }

    @Override
    public Object getProperty(String name) {
        return values.get(name);
    }

    @Override
    public boolean containsProperty(String name) {
        return values.containsKey(name);
    }

    /** Takes a new value; returns the names of properties added, removed or changed. */
    public synchronized Set<String> update(SecretValue value) {
        Map<String, String> next = toProperties(value);
        Map<String, String> previous = values;
        Set<String> changed = new TreeSet<>();
        next.forEach((k, v) -> {
            if (!v.equals(previous.get(k))) {
                changed.add(k);
            }
        });
        previous.keySet().stream().filter(k -> !next.containsKey(k)).forEach(changed::add);
        values = next;
        return changed;
    }

    private Map<String, String> toProperties(SecretValue value) {
        String text = value.asString();
        Map<String, String> flat = null;
        if (text.stripLeading().startsWith("{")) {
            try {
                flat = JsonSecrets.flatten(text);
            } catch (IllegalArgumentException notJson) {
                flat = null; // a value that merely starts with '{' is taken as it is
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (flat == null) {
            out.put(prefix + secretName, text);
        } else {
            flat.forEach((k, v) -> out.put(prefix + k, v));
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + getName() + ", keys=" + values.keySet() + "]";
    }
}
