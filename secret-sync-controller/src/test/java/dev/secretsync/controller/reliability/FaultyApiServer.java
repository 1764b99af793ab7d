package dev.secretsync.controller.reliability;

import dev.secretsync.controller.Controller;
import dev.secretsync.k8s.model.ExternalSecret;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes API stand-in with faults: fabric8's CRUD mock API server on 127.0.0.1 behind a
 * dispatcher that injects 409s and 500s, closes open watches, answers stale watches with 410 Gone,
 * and can be restarted on the same port with the same stored objects. Faults hit only clients made
 * with {@link #newClient(String)} (they are told apart by the {@code Impersonate-User} header
 * fabric8 sends); the test's own {@link #client()} always gets through, so checks never fail.
 */
final class FaultyApiServer implements AutoCloseable {

    /** The mock logs every request at INFO through java.util.logging; at this load that costs more than it serves. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    private static final Pattern SECRET_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/secrets(?:/([^/?]+))?(?:\\?.*)?");
    private static final Pattern STATUS_PATH =
            Pattern.compile("/apis/alibabacloud\\.com/v1alpha1/namespaces/[^/]+/externalsecrets/[^/]+/status(?:\\?.*)?");
    private static final Pattern RESOURCE_VERSION = Pattern.compile("[?&]resourceVersion=(\\d+)");
    private static final String CLIENT_HEADER = "Impersonate-User";

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final FaultDispatcher dispatcher = new FaultDispatcher();
    private final InetAddress loopback;
    private final int port;
    private final KubernetesClient client;
    private final Config baseConfig;
    private volatile KubernetesMockServer server;

    private FaultyApiServer(InetAddress loopback) {
        this.loopback = loopback;
        this.server = newServer();
        server.init(loopback, 0);
        this.port = server.getPort();
        this.client = server.createClient();
        this.baseConfig = client.getConfiguration();
    }

    static FaultyApiServer start() {
        try {
            return new FaultyApiServer(InetAddress.getByName("127.0.0.1"));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private KubernetesMockServer newServer() {
        return new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    }

    /** The test's own client: never faulted. */
    KubernetesClient client() {
        return client;
    }

    /**
     * A client of its own (own connections) named {@code name}, set up as the controller's
     * ({@link Controller#clientConfig}): faults apply to it. Watches
     * reconnect after 250 ms (fabric8's default is 1 s, doubling), so recovery is quick to observe.
     */
    KubernetesClient newClient(String name) {
        Config config = Controller.clientConfig(new ConfigBuilder(baseConfig).withImpersonateUsername(name)
                .withWatchReconnectInterval(250).build());
        return server.createClient(b -> b.withConfig(config));
    }

    Faults faults() {
        return dispatcher.faults;
    }

    Counts counts() {
        return dispatcher.counts;
    }

    /** Stops the server: every connection (and watch) drops, new ones are refused. */
    synchronized void stop() {
        server.destroy();
    }

    /**
     * Starts a new server on the same port holding the same objects, with a fresh watch cache: a
     * watch from before the restart (an older resourceVersion) is answered 410 Gone, so informers
     * must list again, as after a real API server restart or etcd compaction.
     */
    synchronized void startAgain() {
        dispatcher.restart();
        server = newServer();
        server.init(loopback, port);
    }

    @Override
    public void close() {
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // Vert.x closing the loaded stand-in can miss the mock's own shutdown timeout on a busy
            // machine; every check has run by now, and the port is loopback only.
            System.out.println("API stand-in: " + e.getMessage());
        }
    }

    /** Faults switched on and off by the test; each share is a probability per request. */
    static final class Faults {
        volatile double conflictShare;
        volatile double errorShare;
        volatile boolean refuseSecretWrites;
        final Set<String> cutOff = ConcurrentHashMap.newKeySet();

        /** 409 Conflict on this share of Secret writes (POST/PUT/PATCH) and ExternalSecret status writes. */
        Faults conflicts(double share) {
            conflictShare = share;
            return this;
        }

        /** 500 on this share of all requests (reads, lists, watches, writes). */
        Faults errors(double share) {
            errorShare = share;
            return this;
        }

        /** 500 on every Secret write (status writes and reads still pass). */
        Faults refuseSecretWrites(boolean on) {
            refuseSecretWrites = on;
            return this;
        }

        /** Every request of client {@code name} fails with 503, as if the network between it and the API were cut. */
        Faults cutOff(String name) {
            cutOff.add(name);
            return this;
        }

        void clear() {
            cutOff.clear();
            conflictShare = 0;
            errorShare = 0;
            refuseSecretWrites = false;
        }
    }

    /** What the server saw from the faulted clients (reset by the test between phases). */
    static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder writes = new LongAdder();
        final LongAdder conflictsInjected = new LongAdder();
        final LongAdder errorsInjected = new LongAdder();
        final LongAdder watchesOpened = new LongAdder();
        final LongAdder watchesClosed = new LongAdder();
        final LongAdder goneSent = new LongAdder();
        final LongAdder cutOffRefused = new LongAdder();
        final LongAdder lists = new LongAdder();
        final LongAdder statusWrites = new LongAdder();
        final LongAdder statusWritesNotReady = new LongAdder();
        /** Secret writes the API applied, per namespace/name. */
        final Map<String, AtomicInteger> secretWritesApplied = new ConcurrentHashMap<>();
        /** Secret writes refused (injected or real failures), per namespace/name. */
        final Map<String, AtomicInteger> secretWritesFailed = new ConcurrentHashMap<>();
        /** Secret writes refused by the API itself (not injected: e.g. a stale resourceVersion). */
        final LongAdder secretWritesRealFailures = new LongAdder();
        /** Applied Secret writes by client name. */
        final Map<String, AtomicInteger> secretWritesByClient = new ConcurrentHashMap<>();
        /** Sees every Secret the API applied (the stored state after the write). */
        volatile Consumer<Secret> appliedSecrets = s -> {
        };

        void reset() {
            for (LongAdder a : new LongAdder[] {requests, writes, conflictsInjected, errorsInjected, watchesOpened,
                    watchesClosed, goneSent, cutOffRefused, lists, statusWrites, statusWritesNotReady, secretWritesRealFailures}) {
                a.reset();
            }
            secretWritesApplied.clear();
            secretWritesFailed.clear();
            secretWritesByClient.clear();
        }

        long secretWritesApplied() {
            return secretWritesApplied.values().stream().mapToLong(AtomicInteger::get).sum();
        }

        long secretWritesFailed() {
            return secretWritesFailed.values().stream().mapToLong(AtomicInteger::get).sum();
        }
    }

    private static final class FaultDispatcher extends Dispatcher {
        final Faults faults = new Faults();
        final Counts counts = new Counts();
        /** Open watches of faulted clients, and whose they are. */
        final Map<WebSocket, String> watches = new ConcurrentHashMap<>();
        volatile KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        /** Watches from a resourceVersion below this are too old for the (fresh) watch cache. */
        volatile long oldestWatchable;

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String name = request.getHeader(CLIENT_HEADER);
            if (name == null) {
                return crud.dispatch(request);
            }
            counts.requests.increment();
            if (faults.cutOff.contains(name)) {
                counts.cutOffRefused.increment();
                return status(503, "ServiceUnavailable", "cut off by the test");
            }
            String method = request.getMethod().toUpperCase();
            String path = request.getPath();
            boolean write = !"GET".equals(method);
            boolean watch = "GET".equals(method) && path.contains("watch=true");
            if (write) {
                counts.writes.increment();
            }
            Matcher secret = SECRET_PATH.matcher(path);
            boolean secretWrite = secret.matches() && ("POST".equals(method) || "PUT".equals(method)
                    || "PATCH".equals(method));
            boolean statusWrite = STATUS_PATH.matcher(path).matches() && !"GET".equals(method);
            String secretKey = secretWrite ? secret.group(1) + "/" + (secret.group(2) != null ? secret.group(2)
                    : nameOf(body(request))) : null;
            ThreadLocalRandom random = ThreadLocalRandom.current();
            MockResponse injected = null;
            if ((secretWrite || statusWrite) && random.nextDouble() < faults.conflictShare) {
                counts.conflictsInjected.increment();
                injected = status(409, "Conflict", "the object has been modified; please apply your changes to the latest version and try again");
            } else if (random.nextDouble() < faults.errorShare || (secretWrite && faults.refuseSecretWrites)) {
                counts.errorsInjected.increment();
                injected = status(500, "InternalError", "injected by the test");
            }
            if (injected != null) {
                if (secretWrite) {
                    counts.secretWritesFailed.computeIfAbsent(secretKey, k -> new AtomicInteger()).incrementAndGet();
                }
                return injected;
            }
            if (watch) {
                Matcher rv = RESOURCE_VERSION.matcher(path);
                if (rv.find() && Long.parseLong(rv.group(1)) < oldestWatchable) {
                    counts.goneSent.increment();
                    return new MockResponse().withWebSocketUpgrade(new GoneWatch());
                }
                counts.watchesOpened.increment();
                MockResponse response = crud.dispatch(request);
                WebSocketListener listener = response.getWebSocketListener();
                return listener == null ? response : response.withWebSocketUpgrade(new TrackedWatch(listener, name));
            }
            if ("GET".equals(method) && isCollection(path)) {
                counts.lists.increment();
            }
            String statusBody = statusWrite ? body(request) : null; // the CRUD server consumes the body
            MockResponse response = crud.dispatch(request);
            boolean applied = response.code() >= 200 && response.code() < 300;
            if (secretWrite) {
                if (applied) {
                    counts.secretWritesApplied.computeIfAbsent(secretKey, k -> new AtomicInteger()).incrementAndGet();
                    counts.secretWritesByClient.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    counts.appliedSecrets.accept(Serialization.unmarshal(
                            new String(response.getBody().getBytes(), StandardCharsets.UTF_8), Secret.class));
                } else {
                    counts.secretWritesFailed.computeIfAbsent(secretKey, k -> new AtomicInteger()).incrementAndGet();
                    counts.secretWritesRealFailures.increment();
                }
            }
            if (statusWrite && applied) {
                counts.statusWrites.increment();
                String ready = Reliability.ready(Serialization.unmarshal(statusBody, ExternalSecret.class));
                if (ready != null && ready.startsWith("False/")) {
                    counts.statusWritesNotReady.increment();
                }
            }
            return response;
        }

        void restart() {
            KubernetesCrudDispatcher old = crud;
            KubernetesCrudDispatcher fresh = new KubernetesCrudDispatcher();
            fresh.getMap().putAll(old.getMap());
            long next = old.requestResourceVersion();
            while (fresh.requestResourceVersion() < next) {
                // resourceVersions go on from where the old server stopped, as etcd's revision does
            }
            watches.clear();
            oldestWatchable = next;
            crud = fresh;
        }

        private static boolean isCollection(String path) {
            String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            String last = p.substring(p.lastIndexOf('/') + 1);
            return last.endsWith("s") && Set.of("secrets", "externalsecrets", "secretstores", "clustersecretstores",
                    "clusterexternalsecrets", "serviceaccounts", "namespaces", "configmaps").contains(last);
        }

        /** The request body, left in place for the CRUD server ({@code getUtf8Body()} would consume it). */
        private static String body(RecordedRequest request) {
            return new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
        }

        private static String nameOf(String body) {
            Secret s = Serialization.unmarshal(body, Secret.class);
            return s.getMetadata() == null ? "?" : s.getMetadata().getName();
        }

        private static MockResponse status(int code, String reason, String message) {
            return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                    .setBody("{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + code
                            + ",\"reason\":\"" + reason + "\",\"message\":\"" + message + "\"}");
        }

        /** Closes the open watches of the faulted clients (of all, or of one), as an API server or a load balancer may at any time. */
        int closeWatches(String client) {
            int n = 0;
            for (var e : watches.entrySet()) {
                if (client != null && !client.equals(e.getValue())) {
                    continue;
                }
                if (e.getKey().close(1000, "closed by the test")) {
                    n++;
                }
                watches.remove(e.getKey());
            }
            counts.watchesClosed.add(n);
            return n;
        }

        /**
         * A watch the mock serves, remembered while open so that the test can close it. The mock's
         * own close callbacks wait for its pending sends, which need the Vert.x event loop that
         * calls them: closed under load, a watch stalls the whole server for 30 s. They run on a
         * thread of the watch's own instead.
         */
        private final class TrackedWatch extends WebSocketListener {
            private final WebSocketListener delegate;
            private final String client;
            private final ExecutorService closing = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "api-stand-in-watch-close");
                t.setDaemon(true);
                return t;
            });

            TrackedWatch(WebSocketListener delegate, String client) {
                this.delegate = delegate;
                this.client = client;
            }

            private void whenClosing(Runnable callback, boolean last) {
                try {
                    closing.execute(callback);
                } catch (RejectedExecutionException e) {
                    return; // already closed
                }
                if (last) {
                    closing.shutdown();
                }
            }

            @Override
            public void onBeforeAccept(WebSocket webSocket, Response response) {
                delegate.onBeforeAccept(webSocket, response);
            }

            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                watches.put(webSocket, client);
                delegate.onOpen(webSocket, response);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                delegate.onMessage(webSocket, text);
            }

            @Override
            @SuppressWarnings("deprecation") // the mock's listener still has the binary variant
            public void onMessage(WebSocket webSocket, ByteString bytes) {
                delegate.onMessage(webSocket, bytes);
            }

            @Override
            public void onMessage(WebSocket webSocket, byte[] bytes) {
                delegate.onMessage(webSocket, bytes);
            }

            @Override
            public void onPing(WebSocket webSocket, byte[] bytes) {
                delegate.onPing(webSocket, bytes);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                watches.remove(webSocket);
                whenClosing(() -> delegate.onClosing(webSocket, code, reason), false);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                watches.remove(webSocket);
                whenClosing(() -> delegate.onClosed(webSocket, code, reason), true);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                watches.remove(webSocket);
                whenClosing(() -> delegate.onFailure(webSocket, t, response), true);
            }
        }
    }

    /** Closes every open watch of the faulted clients; returns how many were open. */
    int closeWatches() {
        return dispatcher.closeWatches(null);
    }

    /** Cuts client {@code name} off the API: its open watches close, and every request of it fails from now on. */
    void cutOff(String name) {
        dispatcher.faults.cutOff(name);
        dispatcher.closeWatches(name);
    }

    /** What a real API server sends on a watch from a resourceVersion it no longer has. */
    private static final class GoneWatch extends WebSocketListener {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            webSocket.send("{\"type\":\"ERROR\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\","
                    + "\"code\":410,\"reason\":\"Expired\",\"message\":\"too old resource version\"}}");
            webSocket.close(1000, "");
        }
    }
}
