package dev.secretsync.controller.cli;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.k8s.model.ExternalSecret;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The first contact of {@code run} with the API server, before anything starts: reachable, TLS
 * trusted, credentials accepted, the CRDs installed and readable with the controller's RBAC. A
 * failure is one line that names the server, what failed and what to check.
 */
final class ApiServerCheck {

    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    static final String WHERE_FROM = "--kubeconfig, else KUBECONFIG, ~/.kube/config or the pod's service account";

    private ApiServerCheck() {
    }

    static void check(KubernetesClient client, ControllerSettings settings) {
        String server = client.getMasterUrl().toString();
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            throw new CommandFailure(unreachable(server, e), e);
        }
        String resource = "externalsecrets.alibabacloud.com";
        String scope = settings.watchNamespaces().isEmpty() ? "all namespaces"
                : "namespace " + settings.watchNamespaces().iterator().next();
        try {
            var externalSecrets = client.resources(ExternalSecret.class);
            ListOptions one = new ListOptionsBuilder().withLimit(1L).build();
            if (settings.watchNamespaces().isEmpty()) {
                externalSecrets.inAnyNamespace().list(one);
            } else {
                externalSecrets.inNamespace(settings.watchNamespaces().iterator().next()).list(one);
            }
        } catch (KubernetesClientException e) {
            throw new CommandFailure(switch (e.getCode()) {
                case 404 -> "the Kubernetes API server at " + server + " does not serve " + resource
                        + " (HTTP 404): install the CRDs (kubectl apply -f secret-sync-controller/chart/crds/; "
                        + "the Helm chart installs them)";
                case 401, 403 -> "the Kubernetes API server at " + server + " does not let this controller list "
                        + resource + " in " + scope + " (HTTP " + e.getCode() + "): check the ClusterRole and "
                        + "ClusterRoleBinding of its ServiceAccount (the chart's rbac.create)";
                default -> "the Kubernetes API server at " + server + " failed to list " + resource + " in " + scope
                        + ": " + reason(e);
            }, e);
        }
    }

    private static String unreachable(String server, KubernetesClientException e) {
        if (e.getCode() == 401) {
            return "the Kubernetes API server at " + server + " refused the credentials (HTTP 401): check the user "
                    + "of the kubeconfig's context or the pod's service account token";
        }
        if (e.getCode() > 0) {
            return "the Kubernetes API server at " + server + " answered GET /version with HTTP " + e.getCode()
                    + ": check that " + server + " is a Kubernetes API server (" + WHERE_FROM + ")";
        }
        return "cannot reach the Kubernetes API server at " + server + ": " + reason(e) + "; check the cluster "
                + "address and that it is up (" + WHERE_FROM + ")";
    }

    /** What went wrong underneath, in a few words (never a stack trace, never a class name). */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof SSLException || t instanceof CertificateException) {
                return "TLS failed (" + firstPart(t.getMessage()) + "): check the cluster's CA certificate "
                        + "(certificate-authority-data of the kubeconfig)";
            }
            if (t instanceof ConnectException || t instanceof HttpTimeoutException || t instanceof TimeoutException) {
                return firstPart(t.getMessage());
            }
        }
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            return "HTTP " + k.getCode() + (k.getStatus() == null || k.getStatus().getReason() == null ? ""
                    : " " + k.getStatus().getReason());
        }
        Throwable innermost = e;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        return innermost.getMessage() == null ? "no answer" : firstPart(innermost.getMessage());
    }

    /**
     * "Connection refused: /127.0.0.1:1" -> "connection refused". Parser messages lose the lines that
     * quote their input (a kubeconfig holds credentials) and keep the position.
     */
    private static String firstPart(String message) {
        if (message == null || message.isBlank()) {
            return "no answer";
        }
        List<String> own = message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))
                && !l.startsWith("^")).toList();
        Matcher position = POSITION.matcher(message);
        String where = null;
        while (position.find()) {
            where = " (line " + position.group(1) + ", column " + position.group(2) + ")";
        }
        String first = String.join("; ", own.isEmpty() ? List.of(message.strip()) : own).split(": /", 2)[0].strip();
        return Character.toLowerCase(first.charAt(0)) + first.substring(1) + (where == null ? "" : where);
    }
}
