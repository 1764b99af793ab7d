package dev.secretsync.controller.migrate;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a CRD's structural schema would do to a stored object: the API server drops ("prunes")
 * every field the schema does not declare, when the object is read from etcd as well as when it
 * is written, and refuses later writes of a value whose type does not match. Before a CRD is
 * replaced, each stored object is checked against the new schema, so that the upgrade can be
 * refused instead of losing a field.
 */
final class SchemaPruning {

    /** Fields of the object root that every custom resource keeps, whatever its schema says. */
    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

    private SchemaPruning() {
    }

    /**
     * The problems {@code schema} would cause {@code object}: one line per pruned field or type
     * mismatch, naming the path (never the value); empty when the object survives unchanged.
     */
    static List<String> problems(Map<String, Object> object, JSONSchemaProps schema) {
        List<String> problems = new ArrayList<>();
        for (var e : object.entrySet()) {
            if (!ROOT_FIELDS.contains(e.getKey())) {
                visitField(e.getKey(), e.getValue(), schema, e.getKey(), problems);
            }
        }
        return problems;
    }

    private static void visitField(String name, Object value, JSONSchemaProps parent, String path, List<String> problems) {
        JSONSchemaProps field = fieldSchema(parent, name);
        if (field == null) {
            problems.add(path + " would be pruned (the new schema does not declare it)");
        } else {
            visit(value, field, path, problems);
        }
    }

    private static void visit(Object value, JSONSchemaProps schema, String path, List<String> problems) {
        if (value == null) {
            return; // nulls are dropped or defaulted alike by both schemas
        }
        String type = schema.getType();
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            if (!(value instanceof String || value instanceof Number)) {
                problems.add(path + " is " + kind(value) + " where the new schema wants an integer or a string");
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            if (type != null && !"object".equals(type)) {
                problems.add(path + " is an object where the new schema wants " + type);
                return;
            }
            if (Boolean.TRUE.equals(schema.getXKubernetesEmbeddedResource())) {
                return; // an embedded object keeps its own apiVersion/kind/metadata; validated by its kind
            }
            for (var e : map.entrySet()) {
                visitField(String.valueOf(e.getKey()), e.getValue(), schema, path + "." + e.getKey(), problems);
            }
        } else if (value instanceof List<?> list) {
            if (type != null && !"array".equals(type)) {
                problems.add(path + " is a list where the new schema wants " + type);
                return;
            }
            JSONSchemaProps items = schema.getItems() == null ? null : schema.getItems().getSchema();
            for (int i = 0; i < list.size(); i++) {
                if (items != null) {
                    visit(list.get(i), items, path + "[" + i + "]", problems);
                }
            }
        } else if (type != null && !scalarFits(value, type)) {
            problems.add(path + " is " + kind(value) + " where the new schema wants " + type);
        }
    }

    /** The schema of field {@code name} under an object schema, or null when it would be pruned. */
    private static JSONSchemaProps fieldSchema(JSONSchemaProps object, String name) {
        if (object.getProperties() != null && object.getProperties().containsKey(name)) {
            return object.getProperties().get(name);
        }
        var additional = object.getAdditionalProperties();
        if (additional != null) {
            if (additional.getSchema() != null) {
                return additional.getSchema();
            }
            if (Boolean.TRUE.equals(additional.getAllows())) {
                return new JSONSchemaProps(); // any value
            }
        }
        if (Boolean.TRUE.equals(object.getXKubernetesPreserveUnknownFields())) {
            JSONSchemaProps any = new JSONSchemaProps();
            any.setXKubernetesPreserveUnknownFields(true);
            return any;
        }
        return null;
    }

    private static boolean scalarFits(Object value, String type) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger;
            case "number" -> value instanceof Number;
            default -> false; // object or array wanted, a scalar given
        };
    }

    private static String kind(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return value instanceof List ? "a list" : "a " + value.getClass().getSimpleName();
    }
}
