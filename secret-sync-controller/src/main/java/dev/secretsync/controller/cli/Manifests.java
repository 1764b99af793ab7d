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
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The resources read from manifest files (YAML streams; directories are read recursively,
 * {@code *.yaml}, {@code *.yml}, {@code *.json}, in name order). Namespaced resources without a
 * namespace are in {@code default}, as kubectl applies them. Other kinds are ignored. A problem is
 * reported as {@code file:line:column: ...}, pointing at the offending field where there is one.
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
    /** Documents that could not be read: "file:line:column: reason" (never the content). */
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
        LoaderOptions options = new LoaderOptions();
        DocumentConstructor constructor = new DocumentConstructor(options);
        Node last = null;
        try {
            for (Node node : new Yaml(constructor).composeAll(new StringReader(text))) {
                last = node;
                Object doc = constructor.construct(node);
                if (doc instanceof Map<?, ?> map) {
                    add(file, node, map);
                } else if (doc != null) {
                    problems.add(at(file, node.getStartMark()) + ": not a Kubernetes resource");
                }
            }
        } catch (MarkedYAMLException e) {
            // The problem names the kind of token, not the text around it (which could be a value).
            problems.add(at(file, e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark())
                    + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            problems.add((last == null ? file.toString() : at(file, last.getEndMark())) + ": not valid YAML");
        }
    }

    private void add(Path file, Node node, Map<?, ?> doc) {
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
                    default -> problems.add(at(file, node.getStartMark()) + ": unknown kind " + kind + " in " + apiVersion);
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
            // Jackson's message can quote a value (a Secret's data); name the field only.
            List<JsonMappingException.Reference> path = e.getCause() instanceof JsonMappingException jme
                    ? jme.getPath() : List.of();
            problems.add(at(file, nodeAt(node, path).getStartMark()) + ": " + kind + " does not match its schema"
                    + (path.isEmpty() ? "" : " at " + dotted(path)));
        }
    }

    /** {@code file:line:column}, 1-based as editors count. */
    private static String at(Path file, Mark mark) {
        return mark == null ? file.toString() : file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    /** The node that a Jackson path leads to (a field's key), or the deepest one on the way. */
    private static Node nodeAt(Node node, List<JsonMappingException.Reference> path) {
        Node current = node;
        Node key = null;
        for (JsonMappingException.Reference ref : path) {
            Node next = null;
            key = null;
            if (current instanceof MappingNode mapping && ref.getFieldName() != null) {
                for (NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(ref.getFieldName())) {
                        next = tuple.getValueNode();
                        key = k;
                    }
                }
            } else if (current instanceof SequenceNode sequence && ref.getIndex() >= 0
                    && ref.getIndex() < sequence.getValue().size()) {
                next = sequence.getValue().get(ref.getIndex());
            }
            if (next == null) {
                return current;
            }
            current = next;
        }
        return key != null ? key : current;
    }

    private static String dotted(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            sb.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return sb.charAt(0) == '.' ? sb.substring(1) : sb.toString();
    }

    /** SnakeYAML's safe constructor, one composed document at a time (so each keeps its position). */
    private static final class DocumentConstructor extends SafeConstructor {
        DocumentConstructor(LoaderOptions options) {
            super(options);
        }

        Object construct(Node node) {
            return constructDocument(node);
        }
    }

    private static <T extends HasMetadata> T namespaced(T resource) {
        if (resource.getMetadata() != null && (resource.getMetadata().getNamespace() == null
                || resource.getMetadata().getNamespace().isBlank())) {
            resource.getMetadata().setNamespace(DEFAULT_NAMESPACE);
        }
        return resource;
    }
}
