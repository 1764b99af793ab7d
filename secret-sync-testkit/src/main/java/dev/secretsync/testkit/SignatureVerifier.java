package dev.secretsync.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks request signatures the way KMS's gateway does: ACS3-HMAC-SHA256 (the current SDKs) and
 * the legacy RPC HMAC-SHA1 "v1" signature (older SDKs and other languages).
 */
final class SignatureVerifier {
    static final String ACS3 = "ACS3-HMAC-SHA256";
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private final CredentialRegistry credentials;
    private final Clock clock;
    private final NonceCache nonces = new NonceCache();

    SignatureVerifier(CredentialRegistry credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    static boolean isAcs3(ApiRequest request) {
        String auth = request.header("authorization");
        return auth != null && auth.startsWith(ACS3);
    }

    /** Verifies an ACS3-HMAC-SHA256 request and returns the caller's access key id. */
    String verifyAcs3(ApiRequest request) {
        Map<String, String> auth = parseAuthorization(request.header("authorization"));
        String accessKeyId = auth.get("Credential");
        String signedHeaders = auth.get("SignedHeaders");
        String signature = auth.get("Signature");
        if (accessKeyId == null || signedHeaders == null || signature == null) {
            throw new KmsException(400, "IncompleteSignature",
                    "The Authorization header needs Credential, SignedHeaders and Signature.");
        }
        String date = requireHeader(request, "x-acs-date");
        String nonce = requireHeader(request, "x-acs-signature-nonce");
        String contentSha256 = requireHeader(request, "x-acs-content-sha256");
        if (!contentSha256.equalsIgnoreCase(Crypto.sha256Hex(request.body))) {
            throw new KmsException(400, "IncompleteSignature",
                    "The x-acs-content-sha256 header does not match the request body.");
        }
        checkSkew(parseTime(date, "RequestTimeTooSkewed"), "RequestTimeTooSkewed",
                "The difference between the request time and the server time is too large.");
        CredentialRegistry.Credential credential = lookUp(accessKeyId);

        List<String> names = new ArrayList<>();
        for (String name : signedHeaders.split(";")) {
            if (!name.isBlank()) {
                names.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        names.sort(null);
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : names) {
            String value = request.header(name);
            canonicalHeaders.append(name).append(':').append(value == null ? "" : value.trim()).append('\n');
        }
        String canonicalRequest = request.method + "\n"
                + canonicalUri(request.path) + "\n"
                + canonicalQuery(request.queryParams) + "\n"
                + canonicalHeaders + "\n"
                + String.join(";", names) + "\n"
                + contentSha256;
        String stringToSign = ACS3 + "\n" + Crypto.sha256Hex(canonicalRequest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String expected = java.util.HexFormat.of().formatHex(
                Crypto.hmac("HmacSHA256", credential.accessKeySecret(), stringToSign));
        if (!Crypto.constantTimeEquals(expected, signature.toLowerCase(Locale.ROOT))) {
            throw new KmsException(400, "IncompleteSignature",
                    "The request signature does not conform to Aliyun standards. server string to sign is:"
                            + stringToSign.replace('\n', ' '));
        }
        checkSecurityToken(credential, request.header("x-acs-security-token"));
        checkNonce(accessKeyId, nonce);
        return accessKeyId;
    }

    /** Verifies a legacy RPC (HMAC-SHA1, SignatureVersion 1.0) request and returns the access key id. */
    String verifyV1(ApiRequest request) {
        Map<String, String> params = request.allParams();
        String signature = requireParam(params, "Signature");
        String accessKeyId = requireParam(params, "AccessKeyId");
        String method = requireParam(params, "SignatureMethod");
        if (!"HMAC-SHA1".equals(method)) {
            throw new KmsException(400, "InvalidSignatureMethod.Malformed",
                    "Specified signature method is not valid.");
        }
        String version = params.get("SignatureVersion");
        if (version != null && !"1.0".equals(version)) {
            throw new KmsException(400, "InvalidSignatureVersion.Malformed",
                    "Specified signature version is not valid.");
        }
        String timestamp = requireParam(params, "Timestamp");
        String nonce = requireParam(params, "SignatureNonce");
        checkSkew(parseTime(timestamp, "IllegalTimestamp"), "IllegalTimestamp",
                "Specified time stamp or date value is expired.");
        CredentialRegistry.Credential credential = lookUp(accessKeyId);

        TreeMap<String, String> sorted = new TreeMap<>(params);
        sorted.remove("Signature");
        StringBuilder canonical = new StringBuilder();
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (canonical.length() > 0) {
                canonical.append('&');
            }
            canonical.append(Crypto.percentEncode(e.getKey())).append('=').append(Crypto.percentEncode(e.getValue()));
        }
        String stringToSign = request.method + "&" + Crypto.percentEncode("/") + "&"
                + Crypto.percentEncode(canonical.toString());
        String expected = Base64.getEncoder().encodeToString(
                Crypto.hmac("HmacSHA1", credential.accessKeySecret() + "&", stringToSign));
        if (!Crypto.constantTimeEquals(expected, signature)) {
            throw new KmsException(400, "SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign);
        }
        checkSecurityToken(credential, params.get("SecurityToken"));
        checkNonce(accessKeyId, nonce);
        return accessKeyId;
    }

    CredentialRegistry.Credential lookUp(String accessKeyId) {
        CredentialRegistry.Credential credential = credentials.find(accessKeyId).orElseThrow(
                () -> new KmsException(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."));
        if (credential.expiration() != null && !clock.instant().isBefore(credential.expiration())) {
            throw new KmsException(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.");
        }
        return credential;
    }

    void checkSkew(Instant requestTime, String code, String message) {
        Duration skew = Duration.between(requestTime, clock.instant()).abs();
        if (skew.compareTo(MAX_SKEW) > 0) {
            throw new KmsException(400, code, message);
        }
    }

    private static Instant parseTime(String value, String code) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new KmsException(400, code, "Specified time stamp or date value is not well formatted.");
        }
    }

    private static void checkSecurityToken(CredentialRegistry.Credential credential, String presented) {
        if (!credential.isSts()) {
            return;
        }
        if (presented == null || presented.isEmpty()) {
            throw new KmsException(400, "InvalidSecurityToken.Missing",
                    "The SecurityToken is required for a temporary access key.");
        }
        if (!Crypto.constantTimeEquals(credential.securityToken(), presented)) {
            throw new KmsException(400, "InvalidSecurityToken.MismatchWithAccessKey",
                    "Specified SecurityToken mismatch with the AccessKey.");
        }
    }

    private void checkNonce(String accessKeyId, String nonce) {
        if (!nonces.firstUse(accessKeyId, nonce, clock.instant())) {
            throw new KmsException(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
    }

    private static String requireHeader(ApiRequest request, String name) {
        String value = request.header(name);
        if (value == null || value.isBlank()) {
            throw new KmsException(400, "MissingParameter", "The request needs the header " + name + ".");
        }
        return value;
    }

    private static String requireParam(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw KmsException.missingParameter(name);
        }
        return value;
    }

    static String canonicalUri(String path) {
        return path == null || path.isEmpty() ? "/" : path;
    }

    static String canonicalQuery(Map<String, String> query) {
        TreeMap<String, String> sorted = new TreeMap<>(query);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(Crypto.percentEncode(e.getKey())).append('=');
            if (e.getValue() != null && !e.getValue().isEmpty()) {
                sb.append(Crypto.percentEncode(e.getValue()));
            }
        }
        return sb.toString();
    }

    static Map<String, String> parseAuthorization(String header) {
        Map<String, String> parts = new TreeMap<>();
        String rest = header.substring(ACS3.length()).trim();
        for (String part : rest.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return parts;
    }
}
