package dev.secretsync.kms;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps the SDKs from being pointed anywhere but KMS, OOS and STS (an SSRF guard): an endpoint comes
 * from user-editable configuration (a SecretStore), and the SDK sends signed requests, tokens and
 * credentials there. Host names are matched as text and never resolved, so DNS tricks cannot widen
 * what is accepted.
 */
final class EndpointGuard {

    private static final String REGION = "[a-z]{2,}(?:-[a-z0-9]+)+";
    private static final Pattern KMS_HOST = Pattern.compile(
            "(?:kms|kms-vpc)\\." + REGION + "\\.aliyuncs\\.com"
                    + "|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.cryptoservice\\.kms\\.aliyuncs\\.com");
    private static final Pattern STS_HOST = Pattern.compile(
            "sts\\.aliyuncs\\.com|(?:sts|sts-vpc)\\." + REGION + "\\.aliyuncs\\.com");
    private static final Pattern OOS_HOST = Pattern.compile("(?:oos|oos-vpc)\\." + REGION + "\\.aliyuncs\\.com");
    private static final Pattern INSTANCE_HOST = Pattern.compile(
            "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.cryptoservice\\.kms\\.aliyuncs\\.com");
    private static final Pattern REGION_ID = Pattern.compile(REGION);
    private static final Pattern IPV4_LOOPBACK = Pattern.compile(
            "127\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    private EndpointGuard() {
    }

    /** A parsed {@code host[:port]}. */
    record HostPort(String host, int port) {
        boolean isLoopback() {
            return host.equals("localhost") || host.equals("[::1]") || IPV4_LOOPBACK.matcher(host).matches();
        }

        @Override
        public String toString() {
            return port < 0 ? host : host + ":" + port;
        }
    }

    static void checkRegion(String region) {
        if (region == null || !REGION_ID.matcher(region).matches()) {
            throw new IllegalArgumentException("region must be a region id such as cn-hangzhou, got '" + region + "'");
        }
    }

    /** Checks that {@code endpoint} is a bare {@code host[:port]} (no scheme, path, user or query). */
    static HostPort checkSyntax(String field, String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        String value = endpoint.trim().toLowerCase(Locale.ROOT);
        if (value.contains("://") || value.contains("/") || value.contains("@") || value.contains("?")
                || value.contains("#") || value.contains("\\") || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(field + " '" + endpoint
                    + "' must be a host name with an optional port (host[:port]), without scheme or path");
        }
        if (value.equals("::1")) {
            value = "[::1]";
        }
        URI uri;
        try {
            uri = new URI("https://" + value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " '" + endpoint + "' is not a valid host[:port]");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()) {
            throw new IllegalArgumentException(field + " '" + endpoint + "' is not a valid host[:port]");
        }
        String host = uri.getHost();
        if (host.endsWith(".")) {
            throw new IllegalArgumentException(field + " '" + endpoint + "' must not end with a dot");
        }
        return new HostPort(host, uri.getPort());
    }

    /** Accepts KMS hosts (shared gateway, VPC, KMS instance), and loopback only when allowed. */
    static HostPort checkKms(String field, String endpoint, boolean allowLoopback) {
        return check(field, endpoint, allowLoopback, KMS_HOST,
                "kms.<region>.aliyuncs.com, kms-vpc.<region>.aliyuncs.com or <instance-id>.cryptoservice.kms.aliyuncs.com");
    }

    /** Accepts OOS hosts (public and VPC), and loopback only when allowed. */
    static HostPort checkOos(String field, String endpoint, boolean allowLoopback) {
        return check(field, endpoint, allowLoopback, OOS_HOST,
                "oos.<region>.aliyuncs.com or oos-vpc.<region>.aliyuncs.com");
    }

    /** Accepts STS hosts, and loopback only when allowed. */
    static HostPort checkSts(String field, String endpoint, boolean allowLoopback) {
        return check(field, endpoint, allowLoopback, STS_HOST,
                "sts.aliyuncs.com, sts.<region>.aliyuncs.com or sts-vpc.<region>.aliyuncs.com");
    }

    static boolean isInstanceEndpoint(HostPort hostPort) {
        return INSTANCE_HOST.matcher(hostPort.host()).matches();
    }

    private static HostPort check(String field, String endpoint, boolean allowLoopback, Pattern allowed,
                                  String expected) {
        HostPort hostPort = checkSyntax(field, endpoint);
        if (hostPort.isLoopback()) {
            if (!allowLoopback) {
                throw new IllegalArgumentException(field + " '" + endpoint + "' is a loopback address, which is only "
                        + "accepted with allowLoopbackEndpoint (tests and the local emulator)");
            }
            return hostPort;
        }
        if (!allowed.matcher(hostPort.host()).matches()) {
            throw new IllegalArgumentException(field + " '" + endpoint + "' is not an accepted endpoint: expected "
                    + expected);
        }
        if (hostPort.port() >= 0 && hostPort.port() != 443) {
            throw new IllegalArgumentException(field + " '" + endpoint + "' may only use port 443");
        }
        return hostPort;
    }
}
