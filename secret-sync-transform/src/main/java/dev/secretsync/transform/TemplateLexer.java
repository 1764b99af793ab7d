package dev.secretsync.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splits a Go template into text and actions, and actions into tokens. */
final class TemplateLexer {

    enum Kind { FIELD, DOT, VARIABLE, IDENT, KEYWORD, STRING, NUMBER, BOOL, NIL, PIPE, LPAREN, RPAREN, COMMA, DECLARE, ASSIGN }

    /** {@code spaceBefore} tells {@code $x.a} (one operand) from {@code $x .a} (two). */
    record Token(Kind kind, String text, Object value, boolean spaceBefore) {
    }

    sealed interface Segment permits Text, Action {
    }

    record Text(String text) implements Segment {
    }

    record Action(List<Token> tokens, int line) implements Segment {
    }

    private static final Set<String> KEYWORDS =
            Set.of("if", "else", "end", "range", "with", "define", "template", "block", "break", "continue");

    private TemplateLexer() {
    }

    static List<Segment> lex(String src) throws TemplateError {
        List<Segment> segments = new ArrayList<>();
        int pos = 0;
        int line = 1;
        boolean trimNext = false;
        int n = src.length();
        while (pos < n) {
            int open = src.indexOf("{{", pos);
            String text = open < 0 ? src.substring(pos) : src.substring(pos, open);
            line += newlines(text);
            if (trimNext) {
                text = stripLeading(text);
            }
            if (open < 0) {
                add(segments, text);
                break;
            }
            int start = open + 2;
            if (start + 1 < n && src.charAt(start) == '-' && isSpace(src.charAt(start + 1))) {
                text = stripTrailing(text);
                start += 2;
            }
            add(segments, text);
            int close = findClose(src, start, line);
            String content = src.substring(start, close);
            trimNext = false;
            int len = content.length();
            if (len >= 2 && content.charAt(len - 1) == '-' && isSpace(content.charAt(len - 2))) {
                trimNext = true;
                content = content.substring(0, len - 2);
            }
            String inner = content.strip();
            if (inner.startsWith("/*")) {
                if (!inner.endsWith("*/")) {
                    throw TemplateError.at(line, "comment must end with */ right before }}");
                }
            } else {
                List<Token> tokens = tokenize(content, line);
                if (tokens.isEmpty()) {
                    throw TemplateError.at(line, "missing value for command");
                }
                segments.add(new Action(tokens, line));
            }
            line += newlines(content);
            pos = close + 2;
        }
        return segments;
    }

    /** The index of the {@code }}} closing the action at {@code start}, skipping quoted text and comments. */
    private static int findClose(String src, int start, int line) throws TemplateError {
        int i = start;
        while (i < src.length() && isSpace(src.charAt(i))) {
            i++;
        }
        if (src.startsWith("/*", i)) {
            int end = src.indexOf("*/", i + 2);
            if (end < 0) {
                throw TemplateError.at(line, "unclosed comment");
            }
            i = end + 2;
        }
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '"' || c == '`' || c == '\'') {
                i = skipQuoted(src, i, line);
                continue;
            }
            if (src.startsWith("}}", i)) {
                return i;
            }
            i++;
        }
        throw TemplateError.at(line, "unclosed action: missing }}");
    }

    private static int skipQuoted(String src, int i, int line) throws TemplateError {
        char quote = src.charAt(i);
        int j = i + 1;
        while (j < src.length()) {
            char c = src.charAt(j);
            if (c == '\\' && quote != '`') {
                j += 2;
                continue;
            }
            if (c == quote) {
                return j + 1;
            }
            if (c == '\n' && quote != '`') {
                break;
            }
            j++;
        }
        throw TemplateError.at(line, "unterminated quoted string");
    }

    static List<Token> tokenize(String s, int line) throws TemplateError {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        boolean space = true;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                space = true;
                i++;
                continue;
            }
            int start = i;
            Kind kind;
            Object value = null;
            switch (c) {
                case '|' -> { kind = Kind.PIPE; i++; }
                case '(' -> { kind = Kind.LPAREN; i++; }
                case ')' -> { kind = Kind.RPAREN; i++; }
                case ',' -> { kind = Kind.COMMA; i++; }
                case '=' -> { kind = Kind.ASSIGN; i++; }
                case ':' -> {
                    if (i + 1 >= s.length() || s.charAt(i + 1) != '=') {
                        throw TemplateError.at(line, "expected := ");
                    }
                    kind = Kind.DECLARE;
                    i += 2;
                }
                case '"' -> {
                    int end = skipQuoted(s, i, line);
                    kind = Kind.STRING;
                    value = unquote(s.substring(i + 1, end - 1), line);
                    i = end;
                }
                case '`' -> {
                    int end = skipQuoted(s, i, line);
                    kind = Kind.STRING;
                    value = s.substring(i + 1, end - 1);
                    i = end;
                }
                case '\'' -> throw TemplateError.at(line, "character constants are not supported; use a string");
                case '$' -> {
                    i = identEnd(s, i + 1);
                    kind = Kind.VARIABLE;
                }
                case '.' -> {
                    if (i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                        i = numberEnd(s, i);
                        kind = Kind.NUMBER;
                        value = number(s.substring(start, i), line);
                    } else if (i + 1 < s.length() && isIdentChar(s.charAt(i + 1))) {
                        i = identEnd(s, i + 1);
                        kind = Kind.FIELD;
                        start++;
                    } else {
                        kind = Kind.DOT;
                        i++;
                    }
                }
                default -> {
                    if (Character.isDigit(c) || ((c == '-' || c == '+') && i + 1 < s.length()
                            && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.'))) {
                        i = numberEnd(s, i + 1);
                        kind = Kind.NUMBER;
                        value = number(s.substring(start, i), line);
                    } else if (isIdentChar(c)) {
                        i = identEnd(s, i);
                        String word = s.substring(start, i);
                        kind = KEYWORDS.contains(word) ? Kind.KEYWORD
                                : word.equals("true") || word.equals("false") ? Kind.BOOL
                                : word.equals("nil") ? Kind.NIL : Kind.IDENT;
                        if (kind == Kind.BOOL) {
                            value = Boolean.valueOf(word);
                        }
                    } else {
                        throw TemplateError.at(line, "unexpected character '" + c + "' in action");
                    }
                }
            }
            tokens.add(new Token(kind, s.substring(start, i), value, space));
            space = false;
        }
        return tokens;
    }

    private static Object number(String text, int line) throws TemplateError {
        String t = text.replace("_", "");
        try {
            if (t.matches("[+-]?(0[xX][0-9a-fA-F]+|\\d+)")) {
                return Long.decode(t.startsWith("+") ? t.substring(1) : t);
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw TemplateError.at(line, "bad number syntax: " + text);
        }
    }

    private static int numberEnd(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean exponentSign = (c == '+' || c == '-') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E');
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static int identEnd(String s, int i) {
        while (i < s.length() && isIdentChar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isIdentChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String unquote(String body, int line) throws TemplateError {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= body.length()) {
                throw TemplateError.at(line, "bad escape in string");
            }
            char e = body.charAt(i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case '\\', '"', '\'' -> out.append(e);
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    try {
                        out.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 1 + digits), 16));
                    } catch (RuntimeException bad) {
                        throw TemplateError.at(line, "bad escape in string");
                    }
                    i += digits;
                }
                default -> throw TemplateError.at(line, "unknown escape \\" + e + " in string");
            }
        }
        return out.toString();
    }

    private static int newlines(String s) {
        return (int) s.chars().filter(ch -> ch == '\n').count();
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String stripTrailing(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }

    private static void add(List<Segment> segments, String text) {
        if (!text.isEmpty()) {
            segments.add(new Text(text));
        }
    }
}
