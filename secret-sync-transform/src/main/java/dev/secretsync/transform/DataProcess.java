package dev.secretsync.transform;

import dev.secretsync.core.SourceRef;
import java.util.List;
import java.util.Objects;

/**
 * One {@code dataProcess[]} entry: the top-level keys of a JSON or YAML object become Secret keys,
 * renamed by {@code replaceRule} in order.
 *
 * @param extract     the secret version whose value is an object
 * @param replaceRule key rewrites, applied in order; may be empty
 */
public record DataProcess(SourceRef extract, List<ReplaceRule> replaceRule) {

    public DataProcess {
        Objects.requireNonNull(extract, "extract");
        replaceRule = replaceRule == null ? List.of() : List.copyOf(replaceRule);
    }

    public static DataProcess extract(SourceRef source, ReplaceRule... rules) {
        return new DataProcess(source, List.of(rules));
    }
}
