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
import java.util.concurrent.atomic.LongAdder;

/**
 * The Kubernetes API stand-in: fabric8's mock API server in CRUD mode on 127.0.0.1, counting every
 * request it answers and the writes among them.
 */
final class ScaleCluster implements AutoCloseable {

    /** The mock logs every request at INFO through java.util.logging; at scale that costs more than it serves. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final CountingDispatcher dispatcher;
    private final KubernetesClient client;

    private ScaleCluster(KubernetesMockServer server, CountingDispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.client = server.createClient();
    }

    static ScaleCluster start() throws Exception {
        CountingDispatcher dispatcher = new CountingDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        return new ScaleCluster(server, dispatcher);
    }

    /** The benchmark's own client (seeding, observing). */
    KubernetesClient client() {
        return client;
    }

    /** A separate client with its own connections, for the controller. */
    KubernetesClient newClient() {
        return server.createClient();
    }

    long requests() {
        return dispatcher.requests.sum();
    }

    long writes() {
        return dispatcher.writes.sum();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    private static final class CountingDispatcher extends KubernetesCrudDispatcher {
        final LongAdder requests = new LongAdder();
        final LongAdder writes = new LongAdder();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.increment();
            if (!"GET".equalsIgnoreCase(request.getMethod())) {
                writes.increment();
            }
            return super.dispatch(request);
        }
    }
}
