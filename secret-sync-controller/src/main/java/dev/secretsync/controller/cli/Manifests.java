package dev.secretsync.controller.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The resources read from manifest files (YAML streams; directories are read recursively,
 * {@code *.yaml}, {@code *.yml}, {@code *.json}, in name order). Namespaced resources without a
 * namespace are in {@code default}, as kubectl applies them. Other kinds are ignored.
 */
final class Manifests {

    static final String DEFAULT_NAMESPACE = "default";

    final List<SecretStore> secretStores = new ArrayList<>();
    final List<ClusterSecretStore> clusterSecretStores = new ArrayList<>();
    final List<ExternalSecret> externalSecrets = new ArrayList<>();
    final List<ClusterExternalSecret> clusterExternalSecrets = new ArrayList<>();
    final List<ConfigMap> configMaps = new ArrayList<>();
    final List<Secret> secrets = new ArrayList<>();
    final List<Namespace> namespaces = new ArrayList<>();
    /** Documents that could not be read: "file: document n: reason" (never the content). */
    final List<String> problems = new ArrayList<>();

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    static Manifests read(List<Path> paths) throws IOException {
        Manifests m = new Manifests();
        for (Path path : paths) {
            for (Path file : files(path)) {
                m.readFile(file);
            }
        }
        return m;
    }

    static List<Path> files(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new java.io.FileNotFoundException(path + " does not exist");
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted().toList();
        }
    }

    private void readFile(Path file) throws IOException {
        String text = Files.readString(file);
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        int n = 0;
        try {
            for (Object doc : yaml.loadAll(text)) {
                n++;
                if (doc instanceof Map<?, ?> map) {
                    add(file, n, map);
                } else if (doc != null) {
                    problems.add(file + ": document " + n + ": not a Kubernetes resource");
                }
            }
        } catch (RuntimeException e) {
            // YAML parser messages quote the input; report the position only.
            problems.add(file + ": document " + (n + 1) + ": not valid YAML");
        }
    }

    private void add(Path file, int n, Map<?, ?> doc) {
        Object kind = doc.get("kind");
        Object apiVersion = doc.get("apiVersion");
        try {
            if ("alibabacloud.com/v1alpha1".equals(apiVersion)) {
                switch (String.valueOf(kind)) {
                    case "SecretStore" -> secretStores.add(namespaced(MAPPER.convertValue(doc, SecretStore.class)));
                    case "ClusterSecretStore" -> clusterSecretStores.add(MAPPER.convertValue(doc, ClusterSecretStore.class));
                    case "ExternalSecret" -> externalSecrets.add(namespaced(MAPPER.convertValue(doc, ExternalSecret.class)));
                    case "ClusterExternalSecret" ->
                            clusterExternalSecrets.add(MAPPER.convertValue(doc, ClusterExternalSecret.class));
                    default -> problems.add(file + ": document " + n + ": unknown kind " + kind + " in " + apiVersion);
                }
            } else if ("v1".equals(apiVersion)) {
                switch (String.valueOf(kind)) {
                    case "ConfigMap" -> configMaps.add(namespaced(MAPPER.convertValue(doc, ConfigMap.class)));
                    case "Secret" -> secrets.add(namespaced(MAPPER.convertValue(doc, Secret.class)));
                    case "Namespace" -> namespaces.add(MAPPER.convertValue(doc, Namespace.class));
                    default -> { } // other resources are not ours
                }
            }
        } catch (IllegalArgumentException e) {
            // Jackson's message can quote a value (a Secret's data); name the document only.
            problems.add(file + ": document " + n + ": " + kind + " does not match its schema" + field(e));
        }
    }

    private static String field(IllegalArgumentException e) {
        if (e.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException jme && !jme.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder(" at ");
            for (var ref : jme.getPath()) {
                sb.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
            }
            return sb.toString().replaceFirst("^ at \\.", " at ");
        }
        return "";
    }

    private static <T extends HasMetadata> T namespaced(T resource) {
        if (resource.getMetadata() != null && (resource.getMetadata().getNamespace() == null
                || resource.getMetadata().getNamespace().isBlank())) {
            resource.getMetadata().setNamespace(DEFAULT_NAMESPACE);
        }
        return resource;
    }
}
