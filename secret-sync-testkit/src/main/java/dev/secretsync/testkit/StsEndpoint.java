package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stand-in for STS (AssumeRole, signed with HMAC-SHA1 v1, and AssumeRoleWithOIDC, unsigned) and
 * for a credentials URI. Every credential it issues is accepted by the KMS emulator.
 */
final class StsEndpoint {
    private static final Logger LOG = Logger.getLogger(StsEndpoint.class.getName());
    static final String STS_VERSION = "2015-04-01";
    private static final String ACCOUNT = "1234567890123456";

    private final CredentialRegistry registry;
    private final SignatureVerifier verifier;
    private final Clock clock;
    private final RequestCounters counters;
    private final Random random;
    private final String expectedOidcToken;
    private final Duration uriCredentialLifetime;
    private final SecureRandom secrets = new SecureRandom();

    StsEndpoint(CredentialRegistry registry, SignatureVerifier verifier, Clock clock, RequestCounters counters,
            Random random, String expectedOidcToken, Duration uriCredentialLifetime) {
        this.registry = registry;
        this.verifier = verifier;
        this.clock = clock;
        this.counters = counters;
        this.random = random;
        this.expectedOidcToken = expectedOidcToken;
        this.uriCredentialLifetime = uriCredentialLifetime;
    }

    HttpHandler stsHandler() {
        return exchange -> {
            String requestId = Http.newRequestId();
            try {
                ApiRequest request = ApiRequest.read(exchange);
                String action = request.param("Action");
                if (action == null) {
                    throw KmsException.missingParameter("Action");
                }
                counters.count(action, null);
                if (!STS_VERSION.equals(request.param("Version"))) {
                    throw new KmsException(400, "InvalidVersion", "Specified parameter Version is not valid.");
                }
                Map<String, Object> body = switch (action) {
                    case "AssumeRole" -> assumeRole(request, requestId);
                    case "AssumeRoleWithOIDC" -> assumeRoleWithOidc(request, requestId);
                    default -> throw new KmsException(404, "InvalidAction.NotFound",
                            "Specified api is not found, please check your url and method.");
                };
                Http.sendJson(exchange, 200, body, requestId);
            } catch (KmsException e) {
                Http.sendError(exchange, e, requestId);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "STS stand-in failed on a request", e);
                Http.sendError(exchange, new KmsException(500, "InternalError", "The request processing has failed."),
                        requestId);
            }
        };
    }

    HttpHandler credentialsUriHandler() {
        return exchange -> {
            counters.count("CredentialsURI", null);
            try {
                exchange.getRequestBody().readAllBytes();
                CredentialRegistry.Credential c = issue(uriCredentialLifetime);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("Code", "Success");
                body.put("AccessKeyId", c.accessKeyId());
                body.put("AccessKeySecret", c.accessKeySecret());
                body.put("SecurityToken", c.securityToken());
                body.put("Expiration", KmsApi.time(c.expiration()));
                body.put("LastUpdated", KmsApi.time(clock.instant()));
                Http.sendJson(exchange, 200, body, null);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "credentials URI stand-in failed", e);
                Http.send(exchange, 500, "text/plain", Http.utf8("internal error"), null);
            }
        };
    }

    private Map<String, Object> assumeRole(ApiRequest request, String requestId) {
        if (!"GET".equals(request.method) && !"POST".equals(request.method)) {
            throw new KmsException(400, "InvalidMethod", "AssumeRole is called with GET or POST.");
        }
        verifier.verifyV1(request);
        return credentialsAnswer(request, requestId);
    }

    private Map<String, Object> assumeRoleWithOidc(ApiRequest request, String requestId) {
        String token = request.param("OIDCToken");
        if (token == null || token.isEmpty()) {
            throw KmsException.missingParameter("OIDCToken");
        }
        if (request.param("OIDCProviderArn") == null || request.param("OIDCProviderArn").isEmpty()) {
            throw KmsException.missingParameter("OIDCProviderArn");
        }
        if (expectedOidcToken != null && !Crypto.constantTimeEquals(expectedOidcToken, token)) {
            throw new KmsException(400, "AuthenticationFail.OIDCToken.Invalid", "The OIDC token is not valid.");
        }
        return credentialsAnswer(request, requestId);
    }

    private Map<String, Object> credentialsAnswer(ApiRequest request, String requestId) {
        String roleArn = request.param("RoleArn");
        if (roleArn == null || roleArn.isEmpty()) {
            throw KmsException.missingParameter("RoleArn");
        }
        String session = request.param("RoleSessionName");
        if (session == null || session.isEmpty()) {
            session = "session";
        }
        long seconds = 3600;
        String duration = request.param("DurationSeconds");
        if (duration != null && !duration.isEmpty()) {
            try {
                seconds = Long.parseLong(duration);
            } catch (NumberFormatException e) {
                throw KmsException.invalidParameter("DurationSeconds must be a number.");
            }
            if (seconds < 900 || seconds > 43200) {
                throw new KmsException(400, "InvalidParameter.DurationSeconds",
                        "The DurationSeconds is out of range (900 - 43200).");
            }
        }
        CredentialRegistry.Credential c = issue(Duration.ofSeconds(seconds));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", requestId);
        body.put("AssumedRoleUser", Map.of("Arn", roleArn + "/" + session,
                "AssumedRoleId", "3" + ACCOUNT.substring(1) + ":" + session));
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("AccessKeyId", c.accessKeyId());
        credentials.put("AccessKeySecret", c.accessKeySecret());
        credentials.put("SecurityToken", c.securityToken());
        credentials.put("Expiration", KmsApi.time(c.expiration()));
        body.put("Credentials", credentials);
        return body;
    }

    CredentialRegistry.Credential issue(Duration lifetime) {
        Instant expiration = clock.instant().plus(lifetime);
        CredentialRegistry.Credential c = new CredentialRegistry.Credential("STS." + token(12), token(20),
                "CAES" + token(48), expiration);
        registry.add(c);
        return c;
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        secrets.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }


}
