package dev.secretsync.transform;

import dev.secretsync.core.SourceRef;
import java.util.List;
import java.util.Objects;

/**
 * One {@code data[]} entry: a secret version and where its value goes.
 *
 * <p>Without {@code jmesPath} the whole value is stored under {@code name}. With it, each path that
 * matches becomes its own key; if none matches, the whole value is stored under {@code name}.
 *
 * @param source   the secret version to read (KMS secret name, version stage or id)
 * @param name     the Secret key for the whole value; defaults to the secret's name
 * @param jmesPath paths into a JSON or YAML value; may be empty
 */
public record DataEntry(SourceRef source, String name, List<JmesPath> jmesPath) {

    public DataEntry {
        Objects.requireNonNull(source, "source");
        if (name == null || name.isEmpty()) {
            name = source.name();
        }
        jmesPath = jmesPath == null ? List.of() : List.copyOf(jmesPath);
    }

    /** The whole value of {@code source} under the secret's own name. */
    public static DataEntry of(SourceRef source) {
        return new DataEntry(source, null, List.of());
    }

    /** The whole value of {@code source} under {@code name}. */
    public static DataEntry of(SourceRef source, String name) {
        return new DataEntry(source, name, List.of());
    }

    /** The given paths of {@code source}, with {@code name} as the key for the whole value if none matches. */
    public static DataEntry of(SourceRef source, String name, JmesPath... paths) {
        return new DataEntry(source, name, List.of(paths));
    }
}
