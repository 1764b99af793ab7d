package dev.secretsync.core.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads fields of a JSON secret. Nested keys are joined with dots and array elements get
 * {@code [i]} (Spring's property naming): {@code {"db":{"user":"app","hosts":["a","b"]}}} becomes
 * {@code db.user}, {@code db.hosts[0]}, {@code db.hosts[1]}. Exceptions name the field, never a value.
 */
public final class JsonSecrets {

    private JsonSecrets() {
    }

    /**
     * Every scalar of a JSON document, keyed by its dotted path. A JSON {@code null} becomes an
     * empty string. A top-level scalar is returned under the key {@code ""}.
     *
     * @throws IllegalArgumentException if the text is not valid JSON (the message gives an offset only)
     */
    public static Map<String, String> flatten(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", Json.parse(json), out);
        return out;
    }

    /**
     * One field: a JSON Pointer (RFC 6901, {@code /db/hosts/0}) when it starts with {@code /},
     * otherwise a dotted path as produced by {@link #flatten}. Empty when the field is missing;
     * a field that is an object or array is refused.
     */
    public static Optional<String> field(String json, String field) {
        Object root = Json.parse(json);
        if (field.startsWith("/")) {
            Object node = root;
            for (String raw : field.substring(1).split("/", -1)) {
                String token = raw.replace("~1", "/").replace("~0", "~");
                if (node instanceof Map<?, ?> map && map.containsKey(token)) {
                    node = map.get(token);
                } else if (node instanceof List<?> list && token.matches("0|[1-9][0-9]{0,8}")
                        && Integer.parseInt(token) < list.size()) {
                    node = list.get(Integer.parseInt(token));
                } else {
                    return Optional.empty();
                }
            }
            return Optional.of(scalar(node, field));
        }
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", root, flat);
        if (flat.containsKey(field)) {
            return Optional.of(flat.get(field));
        }
        boolean container = flat.keySet().stream()
                .anyMatch(k -> k.startsWith(field + ".") || k.startsWith(field + "["));
        if (container) {
            throw new IllegalArgumentException("JSON field '" + field + "' is an object or array, not a single value");
        }
        return Optional.empty();
    }

    private static String scalar(Object node, String field) {
        if (node instanceof Map<?, ?> || node instanceof List<?>) {
            throw new IllegalArgumentException("JSON field '" + field + "' is an object or array, not a single value");
        }
        return node == null ? "" : node.toString();
    }

    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? k.toString() : prefix + "." + k, v, out));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), out);
            }
        } else {
            out.put(prefix, node == null ? "" : node.toString());
        }
    }
}
