package dev.secretsync.transform;

import dev.secretsync.transform.TemplateValues.Binary;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.IllegalFormatException;
import java.util.List;

/**
 * The part of Go's {@code fmt} that templates use: {@code printf} verbs and {@code %q} quoting.
 * Where Go would print a value inside an error marker ({@code %!d(string=...)}), this fails instead,
 * so a secret never ends up in a message.
 */
final class GoFormat {

    private GoFormat() {
    }

    static String sprintf(String format, List<Object> args) throws TemplateError {
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int specStart = i;
            while (i < format.length() && "+-# 0".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            while (i < format.length() && (Character.isDigit(format.charAt(i)) || format.charAt(i) == '.')) {
                i++;
            }
            if (i >= format.length()) {
                throw new TemplateError("printf: format ends in the middle of a verb");
            }
            String flags = format.substring(specStart, i);
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (next >= args.size()) {
                throw new TemplateError("printf: missing argument for %" + flags + verb);
            }
            out.append(verb(flags, verb, args.get(next++)));
        }
        if (next < args.size()) {
            throw new TemplateError("printf: " + (args.size() - next) + " extra argument(s) for the format");
        }
        return out.toString();
    }

    private static String verb(String flags, char verb, Object arg) throws TemplateError {
        try {
            return switch (verb) {
                case 's', 'v' -> String.format("%" + flags + "s", TemplateValues.text(arg, "printf"));
                case 'q' -> String.format("%" + flags + "s", quote(TemplateValues.text(arg, "printf")));
                case 'd' -> String.format("%" + flags + "d", integer(arg, verb));
                case 'x', 'X' -> {
                    String hex = arg instanceof Binary b ? HexFormat.of().formatHex(b.bytes())
                            : arg instanceof String s ? HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8))
                            : Long.toHexString(integer(arg, verb));
                    yield String.format("%" + flags + "s", verb == 'X' ? hex.toUpperCase() : hex);
                }
                case 'f', 'F', 'e', 'E', 'g', 'G' -> {
                    if (!(arg instanceof Number n)) {
                        throw new TemplateError("printf: %" + verb + " needs a number, got " + TemplateValues.typeName(arg));
                    }
                    yield String.format("%" + flags + (verb == 'F' ? 'f' : verb), n.doubleValue());
                }
                case 't' -> {
                    if (!(arg instanceof Boolean b)) {
                        throw new TemplateError("printf: %t needs a bool, got " + TemplateValues.typeName(arg));
                    }
                    yield String.format("%" + flags + "s", b);
                }
                default -> throw new TemplateError("printf: verb %" + verb + " is not supported");
            };
        } catch (IllegalFormatException e) {
            throw new TemplateError("printf: invalid verb %" + flags + verb);
        }
    }

    private static long integer(Object arg, char verb) throws TemplateError {
        if (arg instanceof Long l) {
            return l;
        }
        if (arg instanceof Double d && d == Math.rint(d)) {
            return d.longValue();
        }
        throw new TemplateError("printf: %" + verb + " needs an integer, got " + TemplateValues.typeName(arg));
    }

    /** Go's strconv.Quote: double quotes, backslash escapes, printable Unicode kept. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (isPrintable(cp)) {
                        out.appendCodePoint(cp);
                    } else if (cp < 0x80) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (cp < 0x10000) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.append(String.format("\\U%08x", cp));
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        int type = Character.getType(cp);
        return !Character.isISOControl(cp) && !Character.isSpaceChar(cp) && type != Character.UNASSIGNED
                && type != Character.FORMAT && type != Character.SURROGATE && type != Character.PRIVATE_USE;
    }
}
