package dev.secretsync.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Writing answers: JSON bodies and KMS-shaped errors. */
final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /** Unique across emulators, so request ids in logs never collide. */
    static String newRequestId() {
        return UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
    }

    static void sendJson(HttpExchange exchange, int status, Map<String, Object> body, String requestId)
            throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot write JSON", e);
        }
        send(exchange, status, "application/json;charset=utf-8", bytes, requestId);
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] bytes, String requestId)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (requestId != null) {
            exchange.getResponseHeaders().set("x-acs-request-id", requestId);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    static void sendError(HttpExchange exchange, KmsException e, String requestId) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", requestId);
        String host = exchange.getRequestHeaders().getFirst("Host");
        body.put("HostId", host == null ? "127.0.0.1" : host);
        body.put("Code", e.code);
        body.put("Message", e.getMessage());
        body.put("Recommend", "");
        sendJson(exchange, e.status, body, requestId);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
