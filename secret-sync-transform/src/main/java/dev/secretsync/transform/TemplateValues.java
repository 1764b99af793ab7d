package dev.secretsync.transform;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values inside templates: String, Long, Double, Boolean, null, Map, List, and {@link Binary} for bytes
 * that are not UTF-8 text. Printing and truth follow Go's {@code fmt} and {@code text/template}.
 */
final class TemplateValues {

    /** Bytes that are not valid UTF-8: they may be written out or base64-encoded, not used as text. */
    record Binary(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Binary other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Binary[" + bytes.length + " bytes]";
        }
    }

    private TemplateValues() {
    }

    /** Text if the bytes are UTF-8, else {@link Binary}. */
    static Object fromBytes(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new Binary(bytes.clone());
        }
    }

    static String typeName(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Long) {
            return "int";
        }
        if (v instanceof Number) {
            return "float64";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Map) {
            return "map";
        }
        if (v instanceof List) {
            return "slice";
        }
        if (v instanceof Binary) {
            return "binary data";
        }
        return v.getClass().getSimpleName();
    }

    static boolean truth(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Binary b) {
            return b.bytes().length > 0;
        }
        return true;
    }

    /** The value as text; binary data is refused because it cannot be text. */
    static String text(Object v, String function) throws TemplateError {
        if (v instanceof Binary) {
            throw new TemplateError(function + " needs text, but got binary data (not UTF-8); b64enc it first");
        }
        return print(v);
    }

    /** Go's {@code %v}: what {@code {{ x }}} writes. */
    static String print(Object v) throws TemplateError {
        if (v == null) {
            return "<no value>";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d) {
            return formatDouble(d);
        }
        if (v instanceof BigDecimal d) {
            return formatDouble(d.doubleValue());
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder out = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                out.append(first ? "" : " ").append(e.getKey()).append(':').append(print(e.getValue()));
                first = false;
            }
            return out.append(']').toString();
        }
        if (v instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : " ").append(print(list.get(i)));
            }
            return out.append(']').toString();
        }
        if (v instanceof Binary) {
            throw new TemplateError("binary data (not UTF-8) cannot be formatted as text; b64enc it first");
        }
        return String.valueOf(v);
    }

    /** Shortest form, no ".0" on whole numbers, like Go's {@code %v} for float64 in common ranges. */
    static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return new BigDecimal(d).toPlainString();
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
