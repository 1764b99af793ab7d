package dev.secretsync.controller.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every manifest under examples/kubernetes and examples/local: valid YAML, known kinds, valid against the CRDs. */
class ExampleManifestsTest {

    static final Set<String> KNOWN = Set.of("v1/Namespace", "v1/Secret", "v1/ConfigMap", "v1/ServiceAccount",
            "v1/Service", "apps/v1/Deployment", "rbac.authorization.k8s.io/v1/ClusterRole",
            "rbac.authorization.k8s.io/v1/ClusterRoleBinding", "rbac.authorization.k8s.io/v1/Role",
            "rbac.authorization.k8s.io/v1/RoleBinding", "alibabacloud.com/v1alpha1/ExternalSecret",
            "alibabacloud.com/v1alpha1/SecretStore", "alibabacloud.com/v1alpha1/ClusterSecretStore",
            "alibabacloud.com/v1alpha1/ClusterExternalSecret");

    @Test
    void examplesAreValid() throws IOException {
        Map<String, Map<String, Object>> schemas = schemas();
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("examples/kubernetes/install", "examples/kubernetes/resources", "examples/local/manifests")) {
            try (Stream<Path> s = Files.walk(Yamls.ROOT.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThan(8);
        int custom = 0;
        for (Path file : files) {
            for (Map<String, Object> doc : Yamls.documents(file)) {
                String type = doc.get("apiVersion") + "/" + doc.get("kind");
                assertThat(KNOWN).as(file + ": " + type).contains(type);
                assertThat(Yamls.at(doc, "metadata.name")).as(file + ": metadata.name").isInstanceOf(String.class);
                Map<String, Object> schema = schemas.get(type);
                if (schema != null) {
                    List<String> errors = new ArrayList<>();
                    validate(doc, schema, "", errors, true);
                    assertThat(errors).as(file + ": " + type).isEmpty();
                    custom++;
                }
            }
        }
        assertThat(custom).isGreaterThan(6);
    }

    @Test
    void theValidatorCatchesMistakes() throws IOException {
        Map<String, Object> schema = schemas().get("alibabacloud.com/v1alpha1/ExternalSecret");
        Map<String, Object> doc = Yamls.documents("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: x}
                spec:
                  dataa: []
                  data:
                  - {name: no-key}
                """).get(0);
        List<String> errors = new ArrayList<>();
        validate(doc, schema, "", errors, true);
        assertThat(errors).anyMatch(e -> e.contains("spec.dataa")).anyMatch(e -> e.contains("spec.data[0].key"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> schemas() throws IOException {
        Map<String, Map<String, Object>> out = new HashMap<>();
        try (Stream<Path> files = Files.list(Yamls.CHART.resolve("crds"))) {
            for (Path f : files.toList()) {
                Map<String, Object> crd = Yamls.documents(f).get(0);
                String group = (String) Yamls.at(crd, "spec.group");
                String kind = (String) Yamls.at(crd, "spec.names.kind");
                for (Map<String, Object> version : (List<Map<String, Object>>) Yamls.at(crd, "spec.versions")) {
                    out.put(group + "/" + version.get("name") + "/" + kind,
                            (Map<String, Object>) Yamls.at(version, "schema.openAPIV3Schema"));
                }
            }
        }
        return out;
    }

    /** Types, known properties, required properties, enums: the structural part of OpenAPI v3. */
    @SuppressWarnings("unchecked")
    static void validate(Object value, Map<String, Object> schema, String path, List<String> errors, boolean root) {
        if (value == null) {
            return;
        }
        String type = (String) schema.get("type");
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(value instanceof String || value instanceof Number)) {
                errors.add(path + ": expected int or string");
            }
            return;
        }
        if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
            errors.add(path + ": " + value + " is not one of " + allowed);
        }
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    errors.add(path + ": expected an object");
                    return;
                }
                Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
                Object additional = schema.get("additionalProperties");
                boolean open = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"))
                        || additional != null;
                for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                    String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                    if (root && Set.of("apiVersion", "kind", "metadata").contains(e.getKey())) {
                        continue;
                    }
                    if (props.containsKey(e.getKey())) {
                        validate(e.getValue(), (Map<String, Object>) props.get(e.getKey()), p, errors, false);
                    } else if (additional instanceof Map<?, ?> addSchema) {
                        validate(e.getValue(), (Map<String, Object>) addSchema, p, errors, false);
                    } else if (!open) {
                        errors.add(p + ": unknown field");
                    }
                }
                for (String req : (List<String>) schema.getOrDefault("required", List.of())) {
                    if (!map.containsKey(req)) {
                        errors.add((path.isEmpty() ? "" : path + ".") + req + ": required");
                    }
                }
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    errors.add(path + ": expected an array");
                    return;
                }
                Map<String, Object> items = (Map<String, Object>) schema.get("items");
                for (int i = 0; i < list.size() && items != null; i++) {
                    validate(list.get(i), items, path + "[" + i + "]", errors, false);
                }
            }
            case "string" -> {
                if (!(value instanceof String)) {
                    errors.add(path + ": expected a string");
                }
            }
            case "integer" -> {
                if (!(value instanceof Integer || value instanceof Long)) {
                    errors.add(path + ": expected an integer");
                }
            }
            case "number" -> {
                if (!(value instanceof Number)) {
                    errors.add(path + ": expected a number");
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    errors.add(path + ": expected a boolean");
                }
            }
            default -> { }
        }
    }
}
