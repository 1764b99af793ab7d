package dev.secretsync.transform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code target.template}: Secret keys whose values are Go templates over the data.
 *
 * <p>Templates see the data produced by {@code data[]} and {@code dataProcess[]} as {@code .key}.
 * {@code templateFrom} holds templates already resolved by the caller (for example from a ConfigMap);
 * they are applied in order, then {@code data}, later keys replacing earlier ones.
 *
 * @param data         Secret key to template
 * @param templateFrom resolved template maps, lower precedence than {@code data}; may be empty
 * @param mergePolicy  {@code REPLACE}: the Secret holds only the templates' keys; {@code MERGE}: the
 *                     templates' keys are added to (and replace) the data's keys
 */
public record TemplateSpec(Map<String, String> data, List<Map<String, String>> templateFrom, MergePolicy mergePolicy) {

    /** How template output combines with the data it was rendered from. */
    public enum MergePolicy { REPLACE, MERGE }

    public TemplateSpec {
        data = data == null ? Map.of() : Map.copyOf(data);
        templateFrom = templateFrom == null ? List.of() : templateFrom.stream().map(Map::copyOf).toList();
        mergePolicy = Objects.requireNonNullElse(mergePolicy, MergePolicy.REPLACE);
    }

    public static TemplateSpec of(Map<String, String> data) {
        return new TemplateSpec(data, List.of(), MergePolicy.REPLACE);
    }

    public static TemplateSpec of(Map<String, String> data, MergePolicy mergePolicy) {
        return new TemplateSpec(data, List.of(), mergePolicy);
    }

    /** Every template by key, {@code templateFrom} first and {@code data} last, in a stable order. */
    Map<String, Template> effective() {
        Map<String, Template> all = new LinkedHashMap<>();
        for (int i = 0; i < templateFrom.size(); i++) {
            String field = "spec.target.template.templateFrom[" + i + "]";
            new TreeMap<>(templateFrom.get(i)).forEach((k, v) -> all.put(k, new Template(field, v)));
        }
        new TreeMap<>(data).forEach((k, v) -> all.put(k, new Template("spec.target.template.data", v)));
        return all;
    }

    record Template(String field, String text) {
    }
}
