package dev.secretsync.kms;

import java.util.regex.Pattern;

/** Shared argument checks; messages name the field, never its value for secrets. */
final class Checks {
    private static final Pattern ROLE_ARN = Pattern.compile("acs:ram::\\d+:role/[^\\s]+");
    private static final Pattern OIDC_PROVIDER_ARN = Pattern.compile("acs:ram::\\d+:oidc-provider/[^\\s]+");

    private Checks() {
    }

    static void text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    static void roleArn(String value, String field) {
        text(value, field);
        if (!ROLE_ARN.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must look like acs:ram::<account>:role/<name>, got '"
                    + value + "'");
        }
    }

    static void oidcProviderArn(String value, String field) {
        text(value, field);
        if (!OIDC_PROVIDER_ARN.matcher(value).matches()) {
            throw new IllegalArgumentException(field
                    + " must look like acs:ram::<account>:oidc-provider/<name>, got '" + value + "'");
        }
    }
}
