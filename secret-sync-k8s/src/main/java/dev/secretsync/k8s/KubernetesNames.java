package dev.secretsync.k8s;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names Kubernetes accepts for objects and namespaces. Every name taken from a tenant's
 * resource is checked against these before it reaches a request path: a name such as
 * {@code ../../other/configmaps/x} must never depend on whether an HTTP client or an API server
 * normalises it. The CRD schemas carry the same patterns and lengths, so the API server refuses
 * such manifests at admission already.
 */
public final class KubernetesNames {

    /** An object name (Secret, ConfigMap, ServiceAccount, Deployment, custom resources): an RFC 1123 subdomain. */
    public static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public static final int OBJECT_NAME_MAX = 253;
    /** A namespace name: an RFC 1123 label. */
    public static final String NAMESPACE = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    public static final int NAMESPACE_MAX = 63;
    /** An optional object name in a schema: empty (the default applies) or a name. */
    public static final String OPTIONAL_OBJECT_NAME = "^$|" + OBJECT_NAME;
    /** An optional namespace in a schema: empty (the resource's own) or a namespace name. */
    public static final String OPTIONAL_NAMESPACE = "^$|" + NAMESPACE;

    private static final Pattern OBJECT_NAME_PATTERN = Pattern.compile(OBJECT_NAME);
    private static final Pattern NAMESPACE_PATTERN = Pattern.compile(NAMESPACE);
    /** How much of a refused name a message shows: enough to find it, never a page of it. */
    private static final int SHOWN = 64;

    private KubernetesNames() {
    }

    /** Why {@code name} is not a valid object name of {@code kind}, if it is not. */
    public static Optional<String> objectNameProblem(String kind, String name) {
        return problem(name, OBJECT_NAME_PATTERN, OBJECT_NAME_MAX, "a " + kind + " name",
                "a lowercase RFC 1123 subdomain: a-z, 0-9, '-' and '.', starting and ending with a letter or digit");
    }

    /** Why {@code name} is not a valid namespace name, if it is not. */
    public static Optional<String> namespaceProblem(String name) {
        return problem(name, NAMESPACE_PATTERN, NAMESPACE_MAX, "a namespace name",
                "a lowercase RFC 1123 label: a-z, 0-9 and '-', starting and ending with a letter or digit");
    }

    /** {@link #objectNameProblem} as an exception naming {@code field}. */
    public static void requireObjectName(String field, String kind, String name) {
        objectNameProblem(kind, name).ifPresent(p -> {
            throw new IllegalArgumentException(field + ": " + p);
        });
    }

    /** {@link #namespaceProblem} as an exception naming {@code field}. */
    public static void requireNamespace(String field, String name) {
        namespaceProblem(name).ifPresent(p -> {
            throw new IllegalArgumentException(field + ": " + p);
        });
    }

    private static Optional<String> problem(String name, Pattern pattern, int max, String what, String rule) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is empty, and must be " + what);
        }
        // Length first: a pattern never runs over a huge input.
        if (name.length() > max) {
            return Optional.of(shown(name) + " is not " + what + ": at most " + max + " characters, got " + name.length());
        }
        if (!pattern.matcher(name).matches()) {
            return Optional.of(shown(name) + " is not " + what + ": " + rule);
        }
        return Optional.empty();
    }

    /** The name quoted, cut to {@value #SHOWN} characters, anything unprintable or non-ASCII escaped. */
    static String shown(String name) {
        StringBuilder b = new StringBuilder("\"");
        int n = Math.min(name.length(), SHOWN);
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        b.append('"');
        if (name.length() > SHOWN) {
            b.append("... (").append(name.length()).append(" characters)");
        }
        return b.toString();
    }
}
