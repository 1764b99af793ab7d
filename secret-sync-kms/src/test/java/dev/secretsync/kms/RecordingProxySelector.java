package dev.secretsync.kms;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every URI the JVM's HTTP clients ask a proxy for, which is every connection
 * HttpURLConnection (credentials-java: STS, ECS metadata, credentials URI) opens. Never proxies.
 */
final class RecordingProxySelector extends ProxySelector implements AutoCloseable {

    private final ProxySelector previous = ProxySelector.getDefault();
    final List<URI> seen = new CopyOnWriteArrayList<>();

    static RecordingProxySelector install() {
        RecordingProxySelector selector = new RecordingProxySelector();
        ProxySelector.setDefault(selector);
        return selector;
    }

    @Override
    public List<Proxy> select(URI uri) {
        seen.add(uri);
        return List.of(Proxy.NO_PROXY);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // nothing to do: the failure reaches the caller
    }

    List<String> hosts() {
        return seen.stream().map(URI::getHost).toList();
    }

    @Override
    public void close() {
        ProxySelector.setDefault(previous);
    }
}
