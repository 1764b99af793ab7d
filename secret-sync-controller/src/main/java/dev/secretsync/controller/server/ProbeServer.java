package dev.secretsync.controller.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The controller's HTTP endpoints: {@code /metrics} (Prometheus text), {@code /healthz} (liveness)
 * and {@code /readyz} (readiness). The JDK's own server: three tiny handlers need no framework.
 */
public final class ProbeServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private ProbeServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving at once.
     *
     * @param address  for example {@code 0.0.0.0:8080}; port 0 picks a free one
     * @param registry scraped by {@code /metrics}
     * @param healthy  {@code /healthz} answers 200 while it is true, else 503
     * @param ready    {@code /readyz} answers 200 while it is true, else 503
     */
    public static ProbeServer start(InetSocketAddress address, PrometheusMeterRegistry registry,
                                    BooleanSupplier healthy, BooleanSupplier ready) throws IOException {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(healthy, "healthy");
        Objects.requireNonNull(ready, "ready");
        HttpServer server = HttpServer.create(address, 16);
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/healthz", exchange -> probe(exchange, healthy));
        server.createContext("/readyz", exchange -> probe(exchange, ready));
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8", "not found\n"));
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "secret-sync-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new ProbeServer(server, executor);
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
        boolean ok;
        try {
            ok = check.getAsBoolean();
        } catch (RuntimeException e) {
            ok = false;
        }
        respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops at once: probes after shutdown are meaningless. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
