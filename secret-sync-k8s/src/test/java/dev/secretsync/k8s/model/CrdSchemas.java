package dev.secretsync.k8s.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks manifests against the OpenAPI v3 schemas of the committed CRDs, the way the API server's
 * structural schema validation does for the parts our CRDs use: types, unknown fields (pruned and
 * reported by {@code kubectl apply --validate=strict}), required fields, patterns, enums.
 */
final class CrdSchemas {

    static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Map<String, JsonNode> schemaByKind = new HashMap<>();

    CrdSchemas(Path crdDirectory) {
        try (Stream<Path> files = Files.list(crdDirectory)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                JsonNode crd = YAML.readTree(Files.readString(file));
                String kind = crd.at("/spec/names/kind").asString();
                schemaByKind.put(kind, crd.at("/spec/versions/0/schema/openAPIV3Schema"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> documents(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (values.hasNext()) {
                JsonNode n = values.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
        }
        return docs;
    }

    /** The problems of {@code manifest} (empty when it is valid). */
    List<String> validate(JsonNode manifest) {
        String kind = manifest.path("kind").asString();
        JsonNode schema = schemaByKind.get(kind);
        if (schema == null) {
            return List.of("no CRD for kind '" + kind + "'");
        }
        if (!"alibabacloud.com/v1alpha1".equals(manifest.path("apiVersion").asString())) {
            return List.of("apiVersion must be alibabacloud.com/v1alpha1");
        }
        List<String> problems = new ArrayList<>();
        check(schema, manifest, "", problems);
        return problems;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) && !schema.has("properties")) {
            return;
        }
        String type = schema.path("type").asString("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(path + ": expected an object");
                    return;
                }
                JsonNode properties = schema.path("properties");
                JsonNode additional = schema.get("additionalProperties");
                for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
                    var field = it.next();
                    String fieldPath = path + "." + field.getKey();
                    if (path.isEmpty() && List.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
                        continue;   // the API server's own fields, checked by it
                    }
                    if (properties.has(field.getKey())) {
                        check(properties.get(field.getKey()), field.getValue(), fieldPath, problems);
                    } else if (additional != null && additional.isObject()) {
                        check(additional, field.getValue(), fieldPath, problems);
                    } else if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                        problems.add(fieldPath + ": unknown field");
                    }
                }
                for (JsonNode required : schema.path("required")) {
                    if (!value.has(required.asString())) {
                        problems.add(path + "." + required.asString() + ": required");
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(path + ": expected an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isString()) {
                    problems.add(path + ": expected a string");
                    return;
                }
                if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asString())
                        .matcher(value.asString()).find()) {
                    problems.add(path + ": does not match " + schema.get("pattern").asString());
                }
                if (schema.has("enum")) {
                    boolean listed = false;
                    for (JsonNode e : schema.get("enum")) {
                        listed |= e.asString().equals(value.asString());
                    }
                    if (!listed) {
                        problems.add(path + ": not one of " + schema.get("enum"));
                    }
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(path + ": expected an integer");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(path + ": expected a boolean");
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(path + ": expected a number");
                }
            }
            default -> {
                if (!schema.has("properties")) {
                    return;
                }
                check(withType(schema), value, path, problems);
            }
        }
    }

    private static JsonNode withType(JsonNode schema) {
        var copy = (tools.jackson.databind.node.ObjectNode) schema.deepCopy();
        copy.put("type", "object");
        return copy;
    }
}
