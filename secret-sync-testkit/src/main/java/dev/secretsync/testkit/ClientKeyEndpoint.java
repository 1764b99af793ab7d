package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The KMS instance gateway's GetSecretValue for an application access point's Client Key:
 * protobuf body, RSA_PKCS1_SHA_256 signature over the x-kms-* headers.
 */
final class ClientKeyEndpoint {
    private static final Logger LOG = Logger.getLogger(ClientKeyEndpoint.class.getName());
    static final String API_VERSION = "dkms-gcs-0.2";
    static final String PROTOBUF = "application/x-protobuf";

    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final SecretStore store;
    private final Clock clock;
    private final KmsHandlerFaults faults;
    private final RequestCounters counters;

    /** How faults reach this endpoint without a cycle between the two handlers. */
    interface KmsHandlerFaults {
        boolean apply(HttpExchange exchange);
    }

    ClientKeyEndpoint(SecretStore store, Clock clock, KmsHandlerFaults faults, RequestCounters counters) {
        this.store = store;
        this.clock = clock;
        this.faults = faults;
        this.counters = counters;
    }

    void register(String keyId, PublicKey publicKey) {
        keys.put(keyId, publicKey);
    }

    static boolean accepts(ApiRequest request) {
        return request.header("x-kms-apiname") != null;
    }

    void handle(HttpExchange exchange, ApiRequest request, String requestId) throws IOException {
        try {
            String apiName = request.header("x-kms-apiname");
            ClientKeyProto.GetSecretValueRequest call = "GetSecretValue".equals(apiName)
                    ? ClientKeyProto.parseGetSecretValueRequest(request.body) : null;
            counters.count(apiName, call == null || call.secretName().isEmpty() ? null : call.secretName());
            if (!faults.apply(exchange)) {
                return;
            }
            verify(request);
            if (call == null) {
                throw new KmsException(404, "InvalidAction.NotFound", "The api " + apiName + " is not served.");
            }
            if (call.secretName().isEmpty()) {
                throw KmsException.missingParameter("SecretName");
            }
            SecretStore.VersionView v = store.version(KmsApi.plainName(call.secretName()), call.versionId(),
                    call.versionStage());
            SecretStore.StoredSecret s = v.secret();
            boolean ext = call.fetchExtendedConfig();
            byte[] body = ClientKeyProto.write(new ClientKeyProto.GetSecretValueResponse(v.secretName(),
                    v.secretType(), v.data(), v.dataType().wireName(), v.stages(), v.versionId(),
                    KmsApi.time(v.createTime()), requestId,
                    ext ? KmsApi.time(s.lastRotationDate) : null, ext ? KmsApi.time(s.nextRotationDate) : null,
                    ext ? s.extendedConfig : null, ext ? s.automaticRotation : null,
                    ext ? KmsApi.interval(s.rotationInterval) : null));
            Http.send(exchange, 200, PROTOBUF, body, requestId);
        } catch (KmsException e) {
            Http.send(exchange, e.status, PROTOBUF,
                    ClientKeyProto.writeError(e.status, e.code, e.getMessage(), requestId), requestId);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "KMS emulator failed on a Client Key request", e);
            Http.send(exchange, 500, PROTOBUF, ClientKeyProto.writeError(500, "InternalFailure",
                    "The request processing has failed due to some unknown error.", requestId), requestId);
        }
    }

    private void verify(ApiRequest request) {
        String method = request.header("x-kms-signaturemethod");
        if (!"RSA_PKCS1_SHA_256".equals(method)) {
            throw new KmsException(400, "InvalidParameter", "x-kms-signaturemethod must be RSA_PKCS1_SHA_256.");
        }
        if (!API_VERSION.equals(request.header("x-kms-apiversion"))) {
            throw new KmsException(400, "InvalidVersion", "x-kms-apiversion must be " + API_VERSION + ".");
        }
        String contentSha256 = request.header("content-sha256");
        if (contentSha256 == null || !contentSha256.equals(HexFormat.of().withUpperCase().formatHex(
                Crypto.sha256(request.body)))) {
            throw new KmsException(400, "InvalidParameter", "The Param Content-SHA256 is invalid.");
        }
        String date = request.header("date");
        Instant sent;
        try {
            sent = ZonedDateTime.parse(date == null ? "" : date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new KmsException(400, "InvalidParameter", "The date header is not an RFC 1123 date.");
        }
        if (Duration.between(sent, clock.instant()).abs().compareTo(SignatureVerifier.MAX_SKEW) > 0) {
            throw new KmsException(400, "RequestTimeTooSkewed",
                    "The difference between the request time and the server time is too large.");
        }
        String keyId = request.header("x-kms-acccesskeyid");
        PublicKey key = keyId == null ? null : keys.get(keyId);
        if (key == null) {
            throw new KmsException(403, "Forbidden.AccessKey", "The client key is not known.");
        }
        String authorization = request.header("authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new KmsException(400, "IncompleteSignature", "The authorization header must be Bearer <signature>.");
        }
        if (!verifySignature(key, stringToSign(request), authorization.substring("Bearer ".length()).trim())) {
            throw new KmsException(400, "IncompleteSignature", "The request signature does not match.");
        }
    }

    static String stringToSign(ApiRequest request) {
        StringBuilder sb = new StringBuilder();
        sb.append(request.method).append('\n')
                .append(nullToEmpty(request.header("content-sha256"))).append('\n')
                .append(nullToEmpty(request.header("content-type"))).append('\n')
                .append(nullToEmpty(request.header("date"))).append('\n');
        Map<String, String> kms = new TreeMap<>();
        request.headers.forEach((k, v) -> {
            if (k.startsWith("x-kms-")) {
                kms.put(k, v.trim());
            }
        });
        kms.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
        sb.append('/');
        return sb.toString();
    }

    private static boolean verifySignature(PublicKey key, String stringToSign, String base64Signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(stringToSign.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(base64Signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
