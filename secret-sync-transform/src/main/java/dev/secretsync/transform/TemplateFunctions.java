package dev.secretsync.transform;

import static dev.secretsync.transform.TemplateValues.print;
import static dev.secretsync.transform.TemplateValues.text;
import static dev.secretsync.transform.TemplateValues.truth;
import static dev.secretsync.transform.TemplateValues.typeName;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.secretsync.transform.TemplateValues.Binary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The functions templates may call: Go's built-ins and the Sprig functions secret templates use.
 * A closed list on purpose: no function reads the environment, files or the network.
 * Errors name the function, never an argument's value.
 */
final class TemplateFunctions {

    @FunctionalInterface
    interface Fn {
        Object call(List<Object> args) throws TemplateError;
    }

    /** Evaluated lazily by the engine so that {@code and}/{@code or} stop early, as in Go. */
    static final Set<String> SHORT_CIRCUIT = Set.of("and", "or");

    static final Map<String, Fn> ALL = build();

    private TemplateFunctions() {
    }

    static Set<String> names() {
        return ALL.keySet();
    }

    private static Map<String, Fn> build() {
        Map<String, Fn> f = new TreeMap<>();
        // Go built-ins
        f.put("and", args -> { throw new IllegalStateException("evaluated by the engine"); });
        f.put("or", args -> { throw new IllegalStateException("evaluated by the engine"); });
        f.put("not", args -> !truth(one("not", args)));
        f.put("len", TemplateFunctions::len);
        f.put("index", TemplateFunctions::index);
        f.put("print", args -> sprint(args, false));
        f.put("println", args -> sprint(args, true));
        f.put("printf", args -> {
            atLeast("printf", args, 1);
            return GoFormat.sprintf(text(args.get(0), "printf"), args.subList(1, args.size()));
        });
        f.put("eq", args -> {
            atLeast("eq", args, 2);
            for (Object other : args.subList(1, args.size())) {
                if (compare("eq", args.get(0), other, true) == 0) {
                    return true;
                }
            }
            return false;
        });
        f.put("ne", args -> compare("ne", arg(args, 2, "ne", 0), args.get(1), true) != 0);
        f.put("lt", args -> compare("lt", arg(args, 2, "lt", 0), args.get(1), false) < 0);
        f.put("le", args -> compare("le", arg(args, 2, "le", 0), args.get(1), false) <= 0);
        f.put("gt", args -> compare("gt", arg(args, 2, "gt", 0), args.get(1), false) > 0);
        f.put("ge", args -> compare("ge", arg(args, 2, "ge", 0), args.get(1), false) >= 0);
        // Sprig: strings
        f.put("upper", args -> text(one("upper", args), "upper").toUpperCase(Locale.ROOT));
        f.put("lower", args -> text(one("lower", args), "lower").toLowerCase(Locale.ROOT));
        f.put("trim", args -> trimSpace(text(one("trim", args), "trim")));
        f.put("trimPrefix", args -> {
            String prefix = text(arg(args, 2, "trimPrefix", 0), "trimPrefix");
            String s = text(args.get(1), "trimPrefix");
            return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
        });
        f.put("trimSuffix", args -> {
            String suffix = text(arg(args, 2, "trimSuffix", 0), "trimSuffix");
            String s = text(args.get(1), "trimSuffix");
            return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
        });
        f.put("contains", args -> text(arg(args, 2, "contains", 1), "contains").contains(text(args.get(0), "contains")));
        f.put("hasPrefix", args -> text(arg(args, 2, "hasPrefix", 1), "hasPrefix").startsWith(text(args.get(0), "hasPrefix")));
        f.put("hasSuffix", args -> text(arg(args, 2, "hasSuffix", 1), "hasSuffix").endsWith(text(args.get(0), "hasSuffix")));
        f.put("replace", args -> {
            String old = text(arg(args, 3, "replace", 0), "replace");
            return text(args.get(2), "replace").replace(old, text(args.get(1), "replace"));
        });
        f.put("quote", args -> {
            List<String> parts = new ArrayList<>();
            for (Object a : args) {
                if (a != null) {
                    parts.add(GoFormat.quote(strval(a, "quote")));
                }
            }
            return String.join(" ", parts);
        });
        f.put("squote", args -> {
            List<String> parts = new ArrayList<>();
            for (Object a : args) {
                if (a != null) {
                    parts.add("'" + strval(a, "squote") + "'");
                }
            }
            return String.join(" ", parts);
        });
        f.put("indent", args -> indent(arg(args, 2, "indent", 0), args.get(1), "indent"));
        f.put("nindent", args -> "\n" + indent(arg(args, 2, "nindent", 0), args.get(1), "nindent"));
        f.put("toString", args -> {
            Object v = one("toString", args);
            return v instanceof Binary ? v : strval(v, "toString");
        });
        // Sprig: defaults and encodings
        f.put("default", args -> {
            atLeast("default", args, 1);
            if (args.size() > 2) {
                throw new TemplateError("wrong number of args for default: want 1 or 2 got " + args.size());
            }
            return args.size() == 1 || !truth(args.get(1)) ? args.get(0) : args.get(1);
        });
        f.put("empty", args -> !truth(one("empty", args)));
        f.put("b64enc", args -> {
            Object v = one("b64enc", args);
            byte[] bytes = v instanceof Binary b ? b.bytes() : text(v, "b64enc").getBytes(StandardCharsets.UTF_8);
            return Base64.getEncoder().encodeToString(bytes);
        });
        f.put("b64dec", args -> {
            String s = text(one("b64dec", args), "b64dec");
            try {
                return TemplateValues.fromBytes(Base64.getDecoder().decode(s.strip()));
            } catch (IllegalArgumentException e) {
                throw new TemplateError("b64dec: the input is not valid base64");
            }
        });
        f.put("toJson", args -> GoJson.write(one("toJson", args)));
        f.put("fromJson", args -> {
            String s = text(one("fromJson", args), "fromJson");
            try {
                return GoJson.toValue(Structured.JSON.readTree(s));
            } catch (JsonProcessingException e) {
                throw new TemplateError("fromJson: the input is not valid JSON (line " + e.getLocation().getLineNr()
                        + ", column " + e.getLocation().getColumnNr() + ")");
            }
        });
        f.put("sha256sum", args -> {
            try {
                return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text(one("sha256sum", args), "sha256sum").getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
        return Map.copyOf(f);
    }

    private static Object one(String name, List<Object> args) throws TemplateError {
        return arg(args, 1, name, 0);
    }

    /** Checks the count, then returns argument {@code i}. */
    private static Object arg(List<Object> args, int want, String name, int i) throws TemplateError {
        if (args.size() != want) {
            throw new TemplateError("wrong number of args for " + name + ": want " + want + " got " + args.size());
        }
        return args.get(i);
    }

    private static void atLeast(String name, List<Object> args, int min) throws TemplateError {
        if (args.size() < min) {
            throw new TemplateError("wrong number of args for " + name + ": want at least " + min + " got " + args.size());
        }
    }

    /** Sprig's strval: strings as they are, everything else as Go prints it. */
    private static String strval(Object v, String function) throws TemplateError {
        return v instanceof String s ? s : text(v, function);
    }

    private static Object len(List<Object> args) throws TemplateError {
        Object v = one("len", args);
        if (v instanceof String s) {
            return (long) s.getBytes(StandardCharsets.UTF_8).length;
        }
        if (v instanceof Binary b) {
            return (long) b.bytes().length;
        }
        if (v instanceof Map<?, ?> m) {
            return (long) m.size();
        }
        if (v instanceof List<?> l) {
            return (long) l.size();
        }
        throw new TemplateError("len of " + typeName(v) + " is not defined");
    }

    private static Object index(List<Object> args) throws TemplateError {
        atLeast("index", args, 1);
        Object v = args.get(0);
        for (Object key : args.subList(1, args.size())) {
            if (v instanceof Map<?, ?> m) {
                if (!(key instanceof String)) {
                    throw new TemplateError("index: map key must be a string, got " + typeName(key));
                }
                v = m.get(key);
            } else if (v instanceof List<?> l) {
                if (!(key instanceof Long i)) {
                    throw new TemplateError("index: list index must be an integer, got " + typeName(key));
                }
                if (i < 0 || i >= l.size()) {
                    throw new TemplateError("index: index out of range");
                }
                v = l.get(i.intValue());
            } else {
                throw new TemplateError("index: cannot index into " + typeName(v));
            }
        }
        return v;
    }

    /** Go's Sprint/Sprintln: Sprint puts spaces only between operands that are not both strings. */
    private static String sprint(List<Object> args, boolean line) throws TemplateError {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            boolean space = line ? i > 0
                    : i > 0 && !(args.get(i) instanceof String) && !(args.get(i - 1) instanceof String);
            if (space) {
                out.append(' ');
            }
            out.append(text(args.get(i), line ? "println" : "print"));
        }
        return line ? out.append('\n').toString() : out.toString();
    }

    private static int compare(String name, Object a, Object b, boolean equalityOnly) throws TemplateError {
        if (a instanceof Binary || b instanceof Binary) {
            throw new TemplateError(name + " needs text, but got binary data (not UTF-8)");
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (equalityOnly && (a == null || b == null || a instanceof Boolean && b instanceof Boolean)) {
            return java.util.Objects.equals(a, b) ? 0 : 1;
        }
        throw new TemplateError(name + ": incompatible types for comparison (" + typeName(a) + " and " + typeName(b) + ")");
    }

    /** Go's strings.TrimSpace: Unicode white space, including no-break spaces. */
    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isGoSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isGoSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isGoSpace(char c) {
        return c == '\u0085' || c == '\u00a0' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static String indent(Object spaces, Object value, String name) throws TemplateError {
        if (!(spaces instanceof Long n) || n < 0 || n > 1024) {
            throw new TemplateError(name + ": the first argument must be a number of spaces (0 to 1024)");
        }
        String pad = " ".repeat(n.intValue());
        return pad + text(value, name).replace("\n", "\n" + pad);
    }

    /** Conversions between template values and JSON, as Go's encoding/json does them. */
    static final class GoJson {
        private GoJson() {
        }

        static Object toValue(JsonNode node) {
            if (node.isObject()) {
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties().forEach(e -> map.put(e.getKey(), toValue(e.getValue())));
                return map;
            }
            if (node.isArray()) {
                List<Object> list = new ArrayList<>();
                node.forEach(n -> list.add(toValue(n)));
                return list;
            }
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.longValue();
            }
            if (node.isNumber()) {
                return node.doubleValue();
            }
            return null;
        }

        static String write(Object value) throws TemplateError {
            try {
                return Structured.JSON.writer(GoHtmlEscapes.INSTANCE).writeValueAsString(normalise(value));
            } catch (JsonProcessingException e) {
                throw new TemplateError("toJson: the value cannot be written as JSON");
            }
        }

        /** Sorted keys; whole doubles as integers; binary as base64, as Go marshals []byte. */
        private static Object normalise(Object v) {
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> sorted = new TreeMap<>();
                m.forEach((k, x) -> sorted.put(String.valueOf(k), normalise(x)));
                return sorted;
            }
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>();
                l.forEach(x -> out.add(normalise(x)));
                return out;
            }
            if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
                return d.longValue();
            }
            if (v instanceof Binary b) {
                return Base64.getEncoder().encodeToString(b.bytes());
            }
            return v;
        }
    }
}
