package dev.secretsync.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretsync.core.DesiredState;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.Transform;
import dev.secretsync.core.spi.TransformException;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link Transform} built from a {@link SecretMapping}, producing what ack-secret-manager would write
 * into the Secret's {@code data}.
 *
 * <ol>
 * <li>Each {@code data[]} entry stores its value under {@code name}, or with {@code jmesPath} each
 * matching path under its {@code objectAlias}: strings as they are, numbers and booleans as text,
 * maps and lists re-serialised as JSON or YAML, whichever the value was written in. If no path
 * matches, the whole value is stored under {@code name}.</li>
 * <li>Each {@code dataProcess[]} entry stores the top-level keys of its JSON or YAML object, renamed by
 * its {@code replaceRule}s (key names only; values are never rewritten).</li>
 * <li>With a template, each template key is rendered over that data ({@code .key}). With merge policy
 * {@code REPLACE} (the default) the result holds only the template keys; with {@code MERGE} they are
 * added to the data, replacing keys of the same name.</li>
 * </ol>
 *
 * <p>Partial failure, as ack-secret-manager: without a template, the mapping {@linkplain #canDoWithout
 * can do without} a secret that has no value. Its entries are skipped and their keys held (a
 * {@code data[]} entry's {@code name} and aliases; for a {@code dataProcess[]} entry, whose keys are
 * not known before it is fetched, every key not written), so the Secret keeps their values while
 * the other keys are written. With a template every secret is needed.
 *
 * <p>Keys must be valid Secret keys and unique across entries; the data may total at most 1 MiB.
 * Every failure is a {@link TransformException} naming the field (for example
 * {@code spec.data[0].jmesPath[1].path}); messages never contain secret values.
 *
 * <p>Immutable and thread-safe. Two transforms compiled from equal mappings are equal.
 */
public final class MappingTransform implements Transform {

    private static final JacksonRuntime JMESPATH = new JacksonRuntime();

    private record CompiledPath(Expression<JsonNode> expression, String alias, String field) {
    }

    private record CompiledTemplate(GoTemplate template, String field) {
    }

    private final SecretMapping mapping;
    private final List<List<CompiledPath>> paths = new ArrayList<>();
    private final List<KeyRewriter> rewriters = new ArrayList<>();
    private final Map<String, CompiledTemplate> templates = new LinkedHashMap<>();

    private MappingTransform(SecretMapping mapping) throws TransformException {
        this.mapping = mapping;
        for (int i = 0; i < mapping.data().size(); i++) {
            DataEntry entry = mapping.data().get(i);
            String field = "spec.data[" + i + "]";
            Checks.validateKey(entry.name(), field + ".name");
            List<CompiledPath> compiled = new ArrayList<>();
            for (int j = 0; j < entry.jmesPath().size(); j++) {
                JmesPath path = entry.jmesPath().get(j);
                String pathField = field + ".jmesPath[" + j + "]";
                Checks.validateKey(path.objectAlias(), pathField + ".objectAlias");
                try {
                    compiled.add(new CompiledPath(JMESPATH.compile(path.path()), path.objectAlias(), pathField));
                } catch (JmesPathException e) {
                    // The message quotes the expression (configuration), never a value.
                    throw new TransformException(pathField + ".path", "invalid JMESPath expression: " + e.getMessage());
                }
            }
            paths.add(List.copyOf(compiled));
        }
        for (int i = 0; i < mapping.dataProcess().size(); i++) {
            rewriters.add(KeyRewriter.compile(mapping.dataProcess().get(i).replaceRule(),
                    "spec.dataProcess[" + i + "].replaceRule"));
        }
        if (mapping.template() != null) {
            for (Map.Entry<String, TemplateSpec.Template> e : mapping.template().effective().entrySet()) {
                String field = e.getValue().field() + "[" + e.getKey() + "]";
                Checks.validateKey(e.getKey(), field);
                try {
                    templates.put(e.getKey(), new CompiledTemplate(GoTemplate.parse(e.getValue().text(), Checks.MAX_TOTAL_BYTES), field));
                } catch (TemplateError error) {
                    throw new TransformException(field, error.getMessage());
                }
            }
        }
    }

    /**
     * Checks and compiles the mapping once: key names, JMESPath expressions, regular expressions and
     * templates (including unsupported functions) fail here rather than on every sync.
     *
     * @throws TransformException naming the first invalid field
     */
    public static MappingTransform compile(SecretMapping mapping) throws TransformException {
        return new MappingTransform(Objects.requireNonNull(mapping, "mapping"));
    }

    public SecretMapping mapping() {
        return mapping;
    }

    /** The references to fetch, for {@code Binding.Builder.sources}. */
    public List<SourceRef> refs() {
        return mapping.refs();
    }

    /** Without a template, any of its secrets: their keys are held until they have a value. */
    @Override
    public boolean canDoWithout(SourceRef ref) {
        return mapping.template() == null && mapping.refs().contains(ref);
    }

    @Override
    public DesiredState apply(Map<SourceRef, SecretValue> values) throws TransformException {
        Output data = new Output();
        // Partial only while some secret has a value: with none, the first entry says which is missing.
        boolean partial = mapping.refs().stream().anyMatch(values::containsKey);
        Set<String> held = new TreeSet<>();
        boolean holdOthers = false;
        for (int i = 0; i < mapping.data().size(); i++) {
            DataEntry entry = mapping.data().get(i);
            if (partial && !values.containsKey(entry.source()) && canDoWithout(entry.source())) {
                held.add(entry.name());
                entry.jmesPath().forEach(p -> held.add(p.objectAlias()));
            } else {
                applyData(i, values, data);
            }
        }
        for (int i = 0; i < mapping.dataProcess().size(); i++) {
            SourceRef extract = mapping.dataProcess().get(i).extract();
            if (partial && !values.containsKey(extract) && canDoWithout(extract)) {
                holdOthers = true;
            } else {
                applyExtract(i, values, data);
            }
        }
        Map<String, byte[]> result = templates.isEmpty() ? data.values() : render(data.values());
        long total = 0;
        for (Map.Entry<String, byte[]> e : result.entrySet()) {
            total += e.getKey().length() + (long) e.getValue().length;
        }
        if (total > Checks.MAX_TOTAL_BYTES) {
            throw new TransformException("spec", "the Secret's data totals " + total + " bytes, more than the 1 MiB ("
                    + Checks.MAX_TOTAL_BYTES + " bytes) a Secret may hold");
        }
        return DesiredState.of(result).withHeld(held, holdOthers);
    }

    private void applyData(int i, Map<SourceRef, SecretValue> values, Output data) throws TransformException {
        DataEntry entry = mapping.data().get(i);
        String field = "spec.data[" + i + "]";
        byte[] raw = value(values, entry.source(), field).asBytes();
        List<CompiledPath> compiled = paths.get(i);
        if (compiled.isEmpty()) {
            data.put(entry.name(), raw, field + ".name");
            return;
        }
        Structured.Parsed parsed = Structured.parse(raw, field);
        boolean matched = false;
        for (CompiledPath path : compiled) {
            JsonNode result;
            try {
                result = parsed.node().isMissingNode() ? null : path.expression().search(parsed.node());
            } catch (JmesPathException e) {
                // Runtime errors can describe the value's content: keep the message out.
                throw new TransformException(path.field() + ".path", "the expression cannot be evaluated on this secret's value");
            }
            if (result == null || result.isNull() || result.isMissingNode()) {
                continue;
            }
            data.put(path.alias(), Structured.format(result, parsed.format(), path.field()), path.field() + ".objectAlias");
            matched = true;
        }
        if (!matched) {
            data.put(entry.name(), raw, field + ".name");
        }
    }

    private void applyExtract(int i, Map<SourceRef, SecretValue> values, Output data) throws TransformException {
        DataProcess process = mapping.dataProcess().get(i);
        String field = "spec.dataProcess[" + i + "].extract";
        Structured.Parsed parsed = Structured.parse(value(values, process.extract(), field).asBytes(), field);
        JsonNode node = parsed.node();
        if (!node.isObject()) {
            throw new TransformException(field, "extract needs a JSON or YAML object, but the secret's value is "
                    + describe(node));
        }
        KeyRewriter rewriter = rewriters.get(i);
        String keyField = rewriter.isEmpty() ? field : "spec.dataProcess[" + i + "].replaceRule";
        int position = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            position++;
            String key = rewriter.apply(e.getKey());
            Checks.validateKey(key, keyField, "top-level key number " + position + " of the secret's object"
                    + (rewriter.isEmpty() ? "" : " after replaceRule"));
            data.put(key, Structured.format(e.getValue(), parsed.format(), field), field);
        }
    }

    private Map<String, byte[]> render(Map<String, byte[]> data) throws TransformException {
        Map<String, Object> context = new LinkedHashMap<>();
        data.forEach((k, v) -> context.put(k, TemplateValues.fromBytes(v)));
        Map<String, Object> view = Collections.unmodifiableMap(context);
        Map<String, byte[]> out = mapping.template().mergePolicy() == TemplateSpec.MergePolicy.MERGE
                ? new LinkedHashMap<>(data) : new LinkedHashMap<>();
        for (Map.Entry<String, CompiledTemplate> e : templates.entrySet()) {
            try {
                out.put(e.getKey(), e.getValue().template().render(view));
            } catch (TemplateError error) {
                throw new TransformException(e.getValue().field(), error.getMessage());
            }
        }
        return out;
    }

    private static SecretValue value(Map<SourceRef, SecretValue> values, SourceRef ref, String field)
            throws TransformException {
        SecretValue value = values.get(ref);
        if (value == null) {
            throw new TransformException(field, "no value was fetched for " + ref);
        }
        return value;
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual() || node.isMissingNode()) {
            return "plain text";
        }
        if (node.isNull()) {
            return "null";
        }
        return "a " + node.getNodeType().name().toLowerCase();
    }

    /** Keys in order of production, each remembering which field produced it. */
    private static final class Output {
        private final Map<String, byte[]> values = new LinkedHashMap<>();
        private final Map<String, String> sources = new LinkedHashMap<>();

        void put(String key, byte[] value, String field) throws TransformException {
            String earlier = sources.putIfAbsent(key, field);
            if (earlier != null) {
                throw new TransformException(field, earlier.equals(field)
                        ? "two keys of this secret both become Secret key '" + key + "'"
                        : "Secret key '" + key + "' is produced by both " + earlier + " and " + field);
            }
            values.put(key, value);
        }

        Map<String, byte[]> values() {
            return values;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MappingTransform other && mapping.equals(other.mapping);
    }

    @Override
    public int hashCode() {
        return mapping.hashCode();
    }

    @Override
    public String toString() {
        return "MappingTransform[data=" + mapping.data().size() + ", dataProcess=" + mapping.dataProcess().size()
                + ", templates=" + templates.keySet() + "]";
    }
}
