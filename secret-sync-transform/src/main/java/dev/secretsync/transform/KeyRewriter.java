package dev.secretsync.transform;

import dev.secretsync.core.spi.TransformException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A compiled {@code replaceRule} list: Go's {@code regexp.ReplaceAllString} on key names, in order. */
final class KeyRewriter {

    private record Rule(Pattern pattern, String target) {
    }

    private final List<Rule> rules;

    private KeyRewriter(List<Rule> rules) {
        this.rules = rules;
    }

    static KeyRewriter compile(List<ReplaceRule> rules, String field) throws TransformException {
        List<Rule> compiled = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            ReplaceRule rule = rules.get(i);
            try {
                // Go writes named groups (?P<name>...); Java knows them as (?<name>...).
                compiled.add(new Rule(Pattern.compile(rule.source().replace("(?P<", "(?<")), rule.target()));
            } catch (PatternSyntaxException e) {
                throw new TransformException(field + "[" + i + "].source",
                        "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
        return new KeyRewriter(List.copyOf(compiled));
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    String apply(String key) {
        for (Rule rule : rules) {
            Matcher m = rule.pattern().matcher(key);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(expand(m, rule.target())));
            }
            m.appendTail(out);
            key = out.toString();
        }
        return key;
    }

    /** Go's Regexp.Expand: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}; unknown groups are empty. */
    static String expand(Matcher m, String template) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int next;
            if (template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                name = close < 0 ? "" : template.substring(i + 2, close);
                next = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                name = template.substring(i + 1, j);
                next = j;
            }
            if (name.isEmpty() || !name.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                out.append('$'); // Go keeps a malformed $ as it is
                i++;
                continue;
            }
            out.append(group(m, name));
            i = next;
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        String value = null;
        if (name.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(name);
                value = n <= m.groupCount() ? m.group(n) : null;
            } catch (NumberFormatException tooLarge) {
                value = null;
            }
        } else {
            try {
                value = m.group(name);
            } catch (IllegalArgumentException noSuchGroup) {
                value = null;
            }
        }
        return value == null ? "" : value;
    }
}
