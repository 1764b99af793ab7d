package dev.secretsync.kms;

/** Values that must never show up in a message, a toString or a log. */
final class Canaries {
    static final String SECRET_VALUE = "CANARY-7f3a9c-value";
    static final String ACCESS_KEY_SECRET = "CANARY-7f3a9c-aksecret";
    static final String SECURITY_TOKEN = "CANARY-7f3a9c-ststoken";
    static final String OIDC_TOKEN = "CANARY-7f3a9c-oidctoken";
    static final String PASSWORD = "CANARY-7f3a9c-password";
    static final String PREFIX = "CANARY-7f3a9c";

    static final String ROLE_ARN = "acs:ram::1234567890123456:role/secret-reader";
    static final String REMOTE_ROLE_ARN = "acs:ram::6543210987654321:role/cross-account-reader";
    static final String OIDC_PROVIDER_ARN = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c123";

    private Canaries() {
    }
}
