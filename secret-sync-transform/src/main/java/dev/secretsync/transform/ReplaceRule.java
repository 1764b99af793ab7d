package dev.secretsync.transform;

/**
 * Rewrites extracted key names: every match of the regular expression {@code source} is replaced by
 * {@code target}, where {@code $1} or {@code ${name}} refer to groups (Go's {@code ReplaceAllString}).
 *
 * @param source a regular expression
 * @param target the replacement; may be empty
 */
public record ReplaceRule(String source, String target) {

    public ReplaceRule {
        Checks.requireText(source, "replaceRule.source");
        if (target == null) {
            target = "";
        }
    }
}
