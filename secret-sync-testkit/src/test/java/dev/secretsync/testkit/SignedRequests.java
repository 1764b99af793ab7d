package dev.secretsync.testkit;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Requests signed by hand, the way other languages' SDKs build them, written from the protocol
 * description and independent of the emulator's own code.
 */
final class SignedRequests {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SignedRequests() {
    }

    static String pe(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** The common v1 parameters plus the action's own, with Signature added. */
    static Map<String, String> v1Params(String method, String action, Map<String, String> own, String accessKeyId,
            String secret, String securityToken, Instant timestamp) {
        TreeMap<String, String> p = new TreeMap<>(own);
        p.put("Action", action);
        p.put("Format", "JSON");
        p.put("Version", "2016-01-20");
        p.put("AccessKeyId", accessKeyId);
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureVersion", "1.0");
        p.put("SignatureNonce", UUID.randomUUID().toString());
        p.put("Timestamp", timestamp.truncatedTo(ChronoUnit.SECONDS).toString());
        if (securityToken != null) {
            p.put("SecurityToken", securityToken);
        }
        StringBuilder canonical = new StringBuilder();
        p.forEach((k, v) -> canonical.append('&').append(pe(k)).append('=').append(pe(v)));
        String toSign = method + "&" + pe("/") + "&" + pe(canonical.substring(1));
        Map<String, String> out = new LinkedHashMap<>(p);
        out.put("Signature", Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret + "&", toSign)));
        return out;
    }

    static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(pe(k)).append('=').append(pe(v)));
        return sb.toString();
    }

    /** A v1-signed GET with every parameter in the query string (Python/Go core SDK style). */
    static HttpResponse<String> v1Get(String baseUrl, Map<String, String> signedParams) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/?" + form(signedParams)))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A v1-signed POST with every parameter in a form body. */
    static HttpResponse<String> v1PostForm(String baseUrl, Map<String, String> signedParams) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(signedParams))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * An ACS3-HMAC-SHA256 POST with the parameters in the query string and an empty body sent with
     * Transfer-Encoding: chunked, as the Java SDK does.
     */
    static HttpResponse<String> acs3PostChunked(String baseUrl, String host, String action, Map<String, String> query,
            String accessKeyId, String secret, Instant date) throws Exception {
        String emptySha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        TreeMap<String, String> headers = new TreeMap<>();
        headers.put("host", host);
        headers.put("x-acs-action", action);
        headers.put("x-acs-version", "2016-01-20");
        headers.put("x-acs-date", date.truncatedTo(ChronoUnit.SECONDS).toString());
        headers.put("x-acs-signature-nonce", UUID.randomUUID().toString());
        headers.put("x-acs-content-sha256", emptySha);
        StringBuilder canonicalQuery = new StringBuilder();
        new TreeMap<>(query).forEach((k, v) -> canonicalQuery.append('&').append(pe(k)).append('=').append(pe(v)));
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v.trim()).append('\n'));
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = "POST\n/\n" + (canonicalQuery.length() == 0 ? "" : canonicalQuery.substring(1)) + "\n"
                + canonicalHeaders + "\n" + signedHeaders + "\n" + emptySha;
        String toSign = "ACS3-HMAC-SHA256\n" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String signature = HexFormat.of().formatHex(hmac("HmacSHA256", secret, toSign));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/?" + form(query)))
                .timeout(Duration.ofSeconds(10))
                // an InputStream publisher has no known length, so the body goes out chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[0])));
        headers.forEach((k, v) -> {
            if (!k.equals("host")) {
                b.header(k, v);
            }
        });
        b.header("Authorization", "ACS3-HMAC-SHA256 Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaders
                + ",Signature=" + signature);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * An ACS3-HMAC-SHA256 POST with the parameters in a form body: the body is covered by
     * x-acs-content-sha256 and content-type is signed, as other SDKs send form-style calls.
     */
    static HttpResponse<String> acs3PostForm(String baseUrl, String host, String action, Map<String, String> params,
            String accessKeyId, String secret, Instant date) throws Exception {
        byte[] body = form(params).getBytes(StandardCharsets.UTF_8);
        String bodySha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        TreeMap<String, String> headers = new TreeMap<>();
        headers.put("host", host);
        headers.put("content-type", "application/x-www-form-urlencoded");
        headers.put("x-acs-action", action);
        headers.put("x-acs-version", "2016-01-20");
        headers.put("x-acs-date", date.truncatedTo(ChronoUnit.SECONDS).toString());
        headers.put("x-acs-signature-nonce", UUID.randomUUID().toString());
        headers.put("x-acs-content-sha256", bodySha);
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v.trim()).append('\n'));
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = "POST\n/\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + bodySha;
        String toSign = "ACS3-HMAC-SHA256\n" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (!k.equals("host")) {
                b.header(k, v);
            }
        });
        b.header("Authorization", "ACS3-HMAC-SHA256 Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaders
                + ",Signature=" + HexFormat.of().formatHex(hmac("HmacSHA256", secret, toSign)));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] hmac(String algorithm, String key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
