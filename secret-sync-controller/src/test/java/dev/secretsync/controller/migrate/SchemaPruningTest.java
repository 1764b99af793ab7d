package dev.secretsync.controller.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaPruningTest {

    static final JSONSchemaProps SCHEMA = Serialization.unmarshal("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  name: {type: string}
                  replicas: {type: integer}
                  ratio: {type: number}
                  enabled: {type: boolean}
                  port: {x-kubernetes-int-or-string: true}
                  labels: {type: object, additionalProperties: {type: string}}
                  extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
                  items:
                    type: array
                    items:
                      type: object
                      properties: {key: {type: string}}
              status: {type: object}
            """, JSONSchemaProps.class);

    @Test
    void anObjectThatFitsLosesNothing() {
        Map<String, Object> object = Map.of("apiVersion", "x/v1", "kind", "X", "metadata", Map.of("name", "a"),
                "spec", Map.of("name", "a", "replicas", 2, "ratio", 1.5, "enabled", true, "port", "http",
                        "labels", Map.of("any", "thing"), "extra", Map.of("deep", Map.of("er", List.of(1))),
                        "items", List.of(Map.of("key", "k"))));
        assertThat(SchemaPruning.problems(object, SCHEMA)).isEmpty();
    }

    @Test
    void undeclaredFieldsAreNamedWithTheirPath() {
        Map<String, Object> object = Map.of("spec", Map.of("unknown", "x", "items", List.of(Map.of("key", "k", "other", 1))),
                "status", Map.of("conditions", List.of()), "topLevel", 1);
        assertThat(SchemaPruning.problems(object, SCHEMA)).containsExactlyInAnyOrder(
                "spec.unknown would be pruned (the new schema does not declare it)",
                "spec.items[0].other would be pruned (the new schema does not declare it)",
                "status.conditions would be pruned (the new schema does not declare it)",
                "topLevel would be pruned (the new schema does not declare it)");
    }

    @Test
    void typeMismatchesAreNamedWithoutTheValue() {
        Map<String, Object> object = Map.of("spec", Map.of("name", 5, "replicas", "secret-looking-value",
                "enabled", "yes", "items", Map.of("key", "k"), "labels", Map.of("a", List.of())));
        assertThat(SchemaPruning.problems(object, SCHEMA)).containsExactlyInAnyOrder(
                "spec.name is a number where the new schema wants string",
                "spec.replicas is a string where the new schema wants integer",
                "spec.enabled is a string where the new schema wants boolean",
                "spec.items is an object where the new schema wants array",
                "spec.labels.a is a list where the new schema wants string")
                .noneMatch(p -> p.contains("secret-looking-value"));
    }
}
