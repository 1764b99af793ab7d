package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the emulator sees it: method, lower-case headers, and the parameters from
 * the query string and (for a form body) the body, which Alibaba's SDKs use interchangeably.
 */
final class ApiRequest {
    private static final int MAX_BODY = 1 << 20;

    final String method;
    final String path;
    final Map<String, String> headers;
    final Map<String, String> queryParams;
    final Map<String, String> bodyParams;
    final byte[] body;

    private ApiRequest(String method, String path, Map<String, String> headers, Map<String, String> queryParams,
            Map<String, String> bodyParams, byte[] body) {
        this.method = method;
        this.path = path;
        this.headers = headers;
        this.queryParams = queryParams;
        this.bodyParams = bodyParams;
        this.body = body;
    }

    static ApiRequest read(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
            if (!e.getValue().isEmpty()) {
                headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().get(0));
            }
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw KmsException.invalidParameter("The request body is too large.");
        }
        Map<String, String> query = parseForm(exchange.getRequestURI().getRawQuery());
        Map<String, String> form = Map.of();
        String contentType = headers.getOrDefault("content-type", "");
        if (body.length > 0 && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            form = parseForm(new String(body, StandardCharsets.UTF_8));
        }
        return new ApiRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getPath(), Collections.unmodifiableMap(headers), query, form, body);
    }

    static Map<String, String> parseForm(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw KmsException.invalidParameter("The request has a malformed query string or form body.");
            }
        }
        return out;
    }

    /** A parameter from the query string, or else from a form body. */
    String param(String name) {
        String value = queryParams.get(name);
        return value != null ? value : bodyParams.get(name);
    }

    /** All parameters, query string first, as a v1 signature covers them. */
    Map<String, String> allParams() {
        Map<String, String> all = new LinkedHashMap<>(bodyParams);
        all.putAll(queryParams);
        return all;
    }

    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
