package dev.secretsync.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The seed document: secrets with their versions and stages, loaded by the emulator, the local
 * demo and the controller's {@code render} command.
 *
 * <pre>
 * secrets:
 * - name: app-db
 *   type: Generic          # optional
 *   dataType: text         # text (default) or binary; binary data is given in base64
 *   versions:
 *   - {id: v1, stages: [ACSPrevious], data: '{"password":"old"}'}
 *   - {id: v2, stages: [ACSCurrent], data: '{"password":"new"}'}
 * </pre>
 *
 * Optional per secret: {@code description}, {@code rotationInterval} ("604800s" or ISO-8601 such as
 * "P7D"), {@code nextRotationDate} and {@code lastRotationDate} (ISO-8601 instants),
 * {@code automaticRotation} (Enabled|Disabled), {@code extendedConfig} (a map or a JSON string),
 * {@code tags} (a map). Optional per version: {@code createTime}.
 *
 * <p>OOS encrypted parameters (served by the emulator's GetSecretParameter) are a second top-level
 * list: {@code parameters: [{name: db-password, value: s3cret}]}.
 */
public final class Seed {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SECRET_KEYS = Set.of("name", "type", "dataType", "description", "versions",
            "rotationInterval", "nextRotationDate", "lastRotationDate", "automaticRotation", "extendedConfig", "tags");
    private static final Set<String> VERSION_KEYS = Set.of("id", "stages", "data", "createTime");
    private static final Set<String> TOP_KEYS = Set.of("secrets", "parameters");
    private static final Set<String> PARAMETER_KEYS = Set.of("name", "value");

    /** Text secrets are returned as they are; binary ones as base64. */
    public enum DataType {
        TEXT, BINARY;

        /** The value KMS uses in SecretDataType. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static DataType of(String value) {
            if (value == null || value.equalsIgnoreCase("text")) {
                return TEXT;
            }
            if (value.equalsIgnoreCase("binary")) {
                return BINARY;
            }
            throw new IllegalArgumentException("dataType must be text or binary, not '" + value + "'");
        }
    }

    /** One secret of the seed. */
    public record Secret(String name, String type, DataType dataType, String description, List<Version> versions,
            Duration rotationInterval, Instant nextRotationDate, Instant lastRotationDate,
            String automaticRotation, String extendedConfig, Map<String, String> tags) {
        public Secret {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a secret needs a name");
            }
            type = type == null ? "Generic" : type;
            dataType = dataType == null ? DataType.TEXT : dataType;
            versions = List.copyOf(versions);
            tags = tags == null ? Map.of() : Map.copyOf(tags);
            if (automaticRotation == null) {
                automaticRotation = rotationInterval != null ? "Enabled" : "Disabled";
            }
            Set<String> ids = new HashSet<>();
            Set<String> stages = new HashSet<>();
            for (Version v : versions) {
                if (!ids.add(v.id())) {
                    throw new IllegalArgumentException("secret " + name + " repeats version id " + v.id());
                }
                for (String stage : v.stages()) {
                    if (!stages.add(stage)) {
                        throw new IllegalArgumentException("secret " + name + " puts stage " + stage + " on two versions");
                    }
                }
                if (dataType == DataType.BINARY) {
                    try {
                        Base64.getDecoder().decode(v.data());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("secret " + name + " version " + v.id()
                                + " is binary but its data is not base64");
                    }
                }
            }
        }
    }

    /** One version of a secret; {@link #toString()} never shows the data. */
    public record Version(String id, List<String> stages, String data, Instant createTime) {
        public Version {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(data, "data");
            if (id.isBlank()) {
                throw new IllegalArgumentException("a version needs an id");
            }
            stages = stages == null ? List.of() : List.copyOf(stages);
        }

        @Override
        public String toString() {
            return "Version[id=" + id + ", stages=" + stages + ", data=<redacted>, createTime=" + createTime + "]";
        }
    }

    /** One OOS encrypted parameter; {@link #toString()} never shows the value. */
    public record Parameter(String name, String value) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a parameter needs a name");
            }
        }

        @Override
        public String toString() {
            return "Parameter[name=" + name + ", value=<redacted>]";
        }
    }

    private final List<Secret> secrets;
    private final List<Parameter> parameters;

    public Seed(List<Secret> secrets) {
        this(secrets, List.of());
    }

    public Seed(List<Secret> secrets, List<Parameter> parameters) {
        this.secrets = List.copyOf(secrets);
        this.parameters = List.copyOf(parameters);
        Set<String> names = new HashSet<>();
        for (Secret s : this.secrets) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("the seed names secret " + s.name() + " twice");
            }
        }
        Set<String> parameterNames = new HashSet<>();
        for (Parameter p : this.parameters) {
            if (!parameterNames.add(p.name())) {
                throw new IllegalArgumentException("the seed names parameter " + p.name() + " twice");
            }
        }
    }

    public List<Secret> secrets() {
        return secrets;
    }

    /** The OOS encrypted parameters. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Reads a seed file (UTF-8 YAML). */
    public static Seed load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seed file " + file, e);
        }
    }

    /** Parses a seed document; throws IllegalArgumentException naming what is wrong (never a value). */
    public static Seed parse(String yaml) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (MarkedYAMLException e) {
            // The problem and its line only: SnakeYAML's full message quotes the document.
            String line = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1);
            throw new IllegalArgumentException("the seed is not valid YAML" + line + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new IllegalArgumentException("the seed is not valid YAML");
        }
        if (root == null) {
            return new Seed(List.of());
        }
        Map<String, Object> top = asMap(root, "the seed");
        checkKeys(top, TOP_KEYS, "the seed");
        Object list = top.get("secrets");
        List<Secret> secrets = new ArrayList<>();
        if (list != null) {
            for (Object item : asList(list, "secrets")) {
                secrets.add(secret(asMap(item, "a secret")));
            }
        }
        List<Parameter> parameters = new ArrayList<>();
        if (top.get("parameters") != null) {
            for (Object item : asList(top.get("parameters"), "parameters")) {
                Map<String, Object> p = asMap(item, "a parameter");
                String name = string(p.get("name"), "parameter name");
                checkKeys(p, PARAMETER_KEYS, "parameter " + name);
                parameters.add(new Parameter(name, string(p.get("value"), "value of parameter " + name)));
            }
        }
        return new Seed(secrets, parameters);
    }

    private static Secret secret(Map<String, Object> m) {
        String name = string(m.get("name"), "name");
        checkKeys(m, SECRET_KEYS, "secret " + name);
        List<Version> versions = new ArrayList<>();
        Object vs = m.get("versions");
        if (vs != null) {
            for (Object item : asList(vs, "versions of " + name)) {
                Map<String, Object> v = asMap(item, "a version of " + name);
                checkKeys(v, VERSION_KEYS, "a version of " + name);
                List<String> stages = new ArrayList<>();
                if (v.get("stages") != null) {
                    for (Object s : asList(v.get("stages"), "stages")) {
                        stages.add(String.valueOf(s));
                    }
                }
                Object data = v.get("data");
                if (data == null) {
                    throw new IllegalArgumentException("version " + v.get("id") + " of " + name + " has no data");
                }
                versions.add(new Version(string(v.get("id"), "version id"), stages, String.valueOf(data),
                        instant(v.get("createTime"), "createTime")));
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (m.get("tags") != null) {
            asMap(m.get("tags"), "tags").forEach((k, v) -> tags.put(k, String.valueOf(v)));
        }
        return new Secret(name, (String) m.get("type"), DataType.of((String) m.get("dataType")),
                (String) m.get("description"), versions, duration(m.get("rotationInterval")),
                instant(m.get("nextRotationDate"), "nextRotationDate"),
                instant(m.get("lastRotationDate"), "lastRotationDate"),
                (String) m.get("automaticRotation"), extendedConfig(m.get("extendedConfig")), tags);
    }

    private static String extendedConfig(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("extendedConfig cannot be written as JSON");
        }
    }

    /** Accepts KMS's "604800s", a number of seconds, or an ISO-8601 duration. */
    static Duration duration(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return Duration.ofSeconds(n.longValue());
        }
        String s = value.toString().trim();
        try {
            if (s.endsWith("s") && !s.startsWith("P")) {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            if (s.startsWith("P") && !s.contains("T") && s.endsWith("D")) {
                return Duration.ofDays(Long.parseLong(s.substring(1, s.length() - 1)));
            }
            return Duration.parse(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("rotationInterval '" + s + "' is not like 604800s or P7D");
        }
    }

    private static Instant instant(Object value, String what) {
        if (value == null) {
            return null;
        }
        if (value instanceof Date d) {
            return d.toInstant();
        }
        try {
            return Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " '" + value + "' is not an ISO-8601 instant");
        }
    }

    private static void checkKeys(Map<String, Object> m, Set<String> allowed, String where) {
        for (String key : m.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(where + " has an unknown field '" + key + "'");
            }
        }
    }

    private static String string(Object value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("missing " + what);
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(what + " must be a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) value).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static List<?> asList(Object value, String what) {
        if (!(value instanceof List<?> l)) {
            throw new IllegalArgumentException(what + " must be a list");
        }
        return l;
    }


    @Override
    public String toString() {
        return "Seed[" + secrets.size() + " secrets, " + parameters.size() + " parameters]";
    }
}
