package dev.secretsync.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD mock API server on 127.0.0.1 that records every request the controller's client
 * makes (told apart from the test's own requests by its user agent), with the answer's status.
 */
final class CountingApiServer implements AutoCloseable {

    static final String CONTROLLER_AGENT = "secret-sync-under-test";

    /** One request of the controller: method, path with namespaces and names replaced, status. */
    record Call(String method, String path, String kind, int status, String name) {
        @Override
        public String toString() {
            return method + " " + kind + " " + status + " " + path + (name == null ? "" : " name=" + name);
        }
    }

    private static final Pattern NAMESPACED = Pattern.compile("/namespaces/[^/]+/([^/?]+)(/[^/?]+)?(/[^/?]+)?");

    private final KubernetesMockServer server;
    private final Recorder recorder = new Recorder();
    private final KubernetesClient client;
    private final KubernetesClient controllerClient;

    CountingApiServer() throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), recorder, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
        controllerClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withUserAgent(CONTROLLER_AGENT).build()).build();
    }

    /** The test's own client: its requests are not recorded. */
    KubernetesClient client() {
        return client;
    }

    /** The client to give the controller: its requests are recorded. */
    KubernetesClient controllerClient() {
        return controllerClient;
    }

    /** The controller's requests so far, in order (list and watch requests of informers left out). */
    List<Call> calls() {
        synchronized (recorder.calls) {
            return recorder.calls.stream().filter(c -> !c.kind().equals("watch") && !c.kind().equals("list")).toList();
        }
    }

    /** How many of each "method kind status" the controller made since {@code from}. */
    static Map<String, Integer> histogram(List<Call> calls) {
        Map<String, Integer> h = new TreeMap<>();
        calls.forEach(c -> h.merge(c.method() + " " + c.kind() + " " + c.status(), 1, Integer::sum));
        return h;
    }

    @Override
    public void close() {
        controllerClient.close();
        client.close();
        server.destroy();
    }

    private static final class Recorder extends KubernetesCrudDispatcher {
        final List<Call> calls = new ArrayList<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String agent = request.getHeader("User-Agent");
            boolean record = agent != null && agent.contains(CONTROLLER_AGENT);
            // getBytes() does not consume the body (getUtf8Body() would, and the dispatcher needs it).
            String created = record && "POST".equals(request.getMethod()) && request.getBody() != null
                    ? createdName(new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8)) : null;
            MockResponse response = super.dispatch(request);
            if (record) {
                String path = request.getPath();
                synchronized (calls) {
                    calls.add(new Call(request.getMethod(), path, kind(request.getMethod(), path), response.code(), created));
                }
            }
            return response;
        }

        private static String createdName(String body) {
            try {
                return Serialization.unmarshal(body, GenericKubernetesResource.class).getMetadata().getName();
            } catch (RuntimeException e) {
                return null;
            }
        }

        /** "secrets", "externalsecrets/status", "watch", "list", ... */
        private static String kind(String method, String path) {
            if (path.contains("watch=true")) {
                return "watch";
            }
            var m = NAMESPACED.matcher(path);
            if (m.find()) {
                String sub = m.group(3) == null ? "" : m.group(3);
                if ("GET".equals(method) && m.group(2) == null) {
                    return "list";
                }
                return m.group(1) + sub;
            }
            String noQuery = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            String[] parts = noQuery.split("/");
            if ("GET".equals(method)) {
                return "list";
            }
            return parts[parts.length - 1];
        }
    }
}
