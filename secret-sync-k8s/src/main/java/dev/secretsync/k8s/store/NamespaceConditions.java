package dev.secretsync.k8s.store;

import dev.secretsync.k8s.model.ClusterExternalSecretSpec;
import dev.secretsync.k8s.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides whether a namespace may use a ClusterSecretStore: its {@code conditions} are ORed (a
 * selector match, a listed name or a regex match is enough); no conditions allow every namespace.
 * An invalid selector or regex anywhere denies every namespace (fail closed), naming the field.
 */
public final class NamespaceConditions {

    /** The decision, with a reason that names the rule (or the invalid field). */
    public record Decision(boolean allowed, String reason) {
    }

    private NamespaceConditions() {
    }

    public static Decision evaluate(List<NamespaceCondition> conditions, Namespace namespace) {
        return evaluate(conditions, namespace, i -> "spec.conditions[" + i + "]");
    }

    private static Decision evaluate(List<NamespaceCondition> conditions, Namespace namespace,
                                     IntFunction<String> fieldOf) {
        String name = namespace.getMetadata().getName();
        if (conditions == null || conditions.isEmpty()) {
            return new Decision(true, "the store has no namespace conditions");
        }
        String invalid = firstInvalid(conditions, fieldOf);
        if (invalid != null) {
            return new Decision(false, invalid);
        }
        Map<String, String> labels = namespace.getMetadata().getLabels() == null ? Map.of()
                : namespace.getMetadata().getLabels();
        for (int i = 0; i < conditions.size(); i++) {
            NamespaceCondition c = conditions.get(i);
            String field = fieldOf.apply(i);
            if (c.getNamespaceSelector() != null && matches(c.getNamespaceSelector(), labels)) {
                return new Decision(true, selectorField(field) + " matches namespace " + name);
            }
            if (c.getNamespaces() != null && c.getNamespaces().contains(name)) {
                return new Decision(true, field + ".namespaces lists namespace " + name);
            }
            if (c.getNamespaceRegexes() != null) {
                for (int j = 0; j < c.getNamespaceRegexes().size(); j++) {
                    // Go's regexp.MatchString semantics: a match anywhere in the name.
                    if (Pattern.compile(c.getNamespaceRegexes().get(j)).matcher(name).find()) {
                        return new Decision(true, field + ".namespaceRegexes[" + j + "] matches namespace " + name);
                    }
                }
            }
        }
        return new Decision(false, "no condition allows namespace " + name);
    }

    /**
     * Whether a ClusterExternalSecret selects {@code namespace}: its {@code conditions} and its
     * deprecated {@code namespaceSelectors} are ORed. Unlike a store, one with neither selects no
     * namespace.
     */
    public static Decision evaluate(ClusterExternalSecretSpec spec, Namespace namespace) {
        List<NamespaceCondition> all = new ArrayList<>();
        if (spec != null && spec.getConditions() != null) {
            all.addAll(spec.getConditions());
        }
        int conditions = all.size();
        if (spec != null && spec.getNamespaceSelectors() != null) {
            for (LabelSelector selector : spec.getNamespaceSelectors()) {
                NamespaceCondition c = new NamespaceCondition();
                c.setNamespaceSelector(selector);
                all.add(c);
            }
        }
        if (all.isEmpty()) {
            return new Decision(false, "spec.conditions and spec.namespaceSelectors select no namespace");
        }
        return evaluate(all, namespace, i -> i < conditions ? "spec.conditions[" + i + "]"
                : "spec.namespaceSelectors[" + (i - conditions) + "]");
    }

    /** The first invalid selector or regex, as a message naming its field, or {@code null}. */
    static String firstInvalid(List<NamespaceCondition> conditions, IntFunction<String> fieldOf) {
        for (int i = 0; i < conditions.size(); i++) {
            NamespaceCondition c = conditions.get(i);
            String field = fieldOf.apply(i);
            if (c.getNamespaceSelector() != null) {
                List<LabelSelectorRequirement> exprs = c.getNamespaceSelector().getMatchExpressions();
                if (exprs != null) {
                    for (int j = 0; j < exprs.size(); j++) {
                        String problem = problem(exprs.get(j));
                        if (problem != null) {
                            return selectorField(field) + ".matchExpressions[" + j + "] is invalid: " + problem;
                        }
                    }
                }
            }
            if (c.getNamespaceRegexes() != null) {
                for (int j = 0; j < c.getNamespaceRegexes().size(); j++) {
                    String regex = c.getNamespaceRegexes().get(j);
                    try {
                        Pattern.compile(regex == null ? "" : regex);
                        if (regex == null) {
                            return field + ".namespaceRegexes[" + j + "] is null";
                        }
                    } catch (PatternSyntaxException e) {
                        return field + ".namespaceRegexes[" + j + "] is not a valid regular expression: "
                                + e.getDescription();
                    }
                }
            }
        }
        return null;
    }

    /** A deprecated {@code namespaceSelectors[i]} entry is the selector itself. */
    private static String selectorField(String conditionField) {
        return conditionField.startsWith("spec.namespaceSelectors[") ? conditionField
                : conditionField + ".namespaceSelector";
    }

    private static String problem(LabelSelectorRequirement r) {
        if (r.getKey() == null || r.getKey().isBlank()) {
            return "key is empty";
        }
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        String op = r.getOperator();
        if ("In".equals(op) || "NotIn".equals(op)) {
            return values.isEmpty() ? "operator " + op + " needs values" : null;
        }
        if ("Exists".equals(op) || "DoesNotExist".equals(op)) {
            return values.isEmpty() ? null : "operator " + op + " takes no values";
        }
        return "unknown operator '" + op + "' (expected In, NotIn, Exists or DoesNotExist)";
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null) {
            for (var e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String value = labels.get(r.getKey());
                boolean ok = switch (r.getOperator()) {
                    case "In" -> value != null && r.getValues().contains(value);
                    case "NotIn" -> value == null || !r.getValues().contains(value);
                    case "Exists" -> labels.containsKey(r.getKey());
                    case "DoesNotExist" -> !labels.containsKey(r.getKey());
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        // An empty selector matches everything, as in Kubernetes.
        return true;
    }
}
