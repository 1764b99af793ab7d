package dev.secretsync.controller.packaging;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

final class Yamls {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path CHART = Path.of("chart");

    private Yamls() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object o : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            if (o != null) {
                docs.add((Map<String, Object>) o);
            }
        }
        return docs;
    }

    static List<Map<String, Object>> documents(Path file) throws IOException {
        return documents(Files.readString(file));
    }

    private static final Pattern CONTROL_LINE = Pattern.compile("^\\s*\\{\\{-?.*-?}}\\s*$");
    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{-?[^}]*-?}}");

    /**
     * A template made plain YAML by the simplest substitution: lines that are only template
     * actions go (both branches of every condition are kept), and expressions become a word.
     * Good enough to parse the chart's templates, which keep structure out of expressions.
     */
    static String flatten(String template) {
        StringBuilder sb = new StringBuilder();
        for (String line : template.split("\n", -1)) {
            if (CONTROL_LINE.matcher(line).matches()) {
                continue;
            }
            sb.append(EXPRESSION.matcher(line).replaceAll("placeholder")).append('\n');
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> map, String dotted) {
        Object cur = map;
        for (String part : dotted.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m) || !m.containsKey(part)) {
                return Missing.MISSING;
            }
            cur = ((Map<String, Object>) m).get(part);
        }
        return cur;
    }

    enum Missing { MISSING }
}
