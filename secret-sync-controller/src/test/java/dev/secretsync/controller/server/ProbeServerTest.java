package dev.secretsync.controller.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(ProbeServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesMetricsAndProbes() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("secretsync_sync_total", "result", "written").increment(3);
        AtomicBoolean ready = new AtomicBoolean(false);
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (ProbeServer server = ProbeServer.start(new InetSocketAddress("127.0.0.1", 0), registry,
                healthy::get, ready::get)) {
            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("secretsync_sync_total{result=\"written\"} 3.0");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));

            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
            healthy.set(false);
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(503);
            assertThat(get(server, "/nothing").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aFailingCheckIsNotOk() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ProbeServer server = ProbeServer.start(new InetSocketAddress("127.0.0.1", 0), registry,
                () -> { throw new IllegalStateException("boom"); }, () -> true)) {
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(503);
        }
    }
}
