package dev.secretsync.benchmarks;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Kubernetes API stand-in on 127.0.0.1, counting every request it answers and the writes (non-GET)
 * among them: {@link IndexedApiServer} (the default), or fabric8's mock API server in CRUD mode, which
 * scans every stored object per request and so does not keep up beyond a few thousand bindings.
 */
@SuppressWarnings("try") // close() waits for the stand-in's event loops, which can be interrupted
final class ScaleCluster implements AutoCloseable {

    /** Which stand-in: {@code indexed} or {@code crud-mock}. */
    enum Kind {
        INDEXED, CRUD_MOCK;

        static Kind parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The mock logs every request at INFO through java.util.logging; at scale that costs more than it serves. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final Supplier<KubernetesClient> clients;
    private final LongSupplier requests;
    private final LongSupplier writes;
    private final AutoCloseable server;
    private final KubernetesClient client;

    private ScaleCluster(Supplier<KubernetesClient> clients, LongSupplier requests, LongSupplier writes, AutoCloseable server) {
        this.clients = clients;
        this.requests = requests;
        this.writes = writes;
        this.server = server;
        this.client = clients.get();
    }

    static ScaleCluster start(Kind kind, boolean logRequests) throws Exception {
        if (kind == Kind.INDEXED) {
            IndexedApiServer api = IndexedApiServer.start(logRequests);
            return new ScaleCluster(api::newClient, api::requests, api::writes, api);
        }
        CountingDispatcher dispatcher = new CountingDispatcher(logRequests);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        return new ScaleCluster(server::createClient, dispatcher.requests::sum, dispatcher.writes::sum, server::destroy);
    }

    /** The benchmark's own client (seeding, observing). */
    KubernetesClient client() {
        return client;
    }

    /** A separate client with its own connections, for the controller. */
    KubernetesClient newClient() {
        return clients.get();
    }

    long requests() {
        return requests.getAsLong();
    }

    long writes() {
        return writes.getAsLong();
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.close();
    }

    private static final class CountingDispatcher extends KubernetesCrudDispatcher {
        final LongAdder requests = new LongAdder();
        final LongAdder writes = new LongAdder();
        private final boolean logRequests;

        CountingDispatcher(boolean logRequests) {
            this.logRequests = logRequests;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.increment();
            if (!"GET".equalsIgnoreCase(request.getMethod())) {
                writes.increment();
            }
            if (logRequests) {
                System.err.println("api: " + request.getMethod() + " " + request.getPath() + " "
                        + java.util.Objects.toString(request.getHeader("Content-Type"), ""));
            }
            return super.dispatch(request);
        }
    }
}
