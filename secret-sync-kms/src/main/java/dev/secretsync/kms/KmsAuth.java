package dev.secretsync.kms;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * How a store signs in to KMS. Exactly one of these per store; there is no implicit default chain,
 * so a store never picks up credentials (or asks the ECS metadata service) by accident.
 *
 * <p>Every variant validates its settings when it is created and its {@code toString()} never
 * shows a secret, a token or a password.
 */
public sealed interface KmsAuth permits KmsAuth.AccessKey, KmsAuth.StsToken, KmsAuth.AssumeRole,
        KmsAuth.OidcTokenFile, KmsAuth.OidcTokenSupplier, KmsAuth.CredentialsUri, KmsAuth.EcsRamRole,
        KmsAuth.ClientKey, KmsAuth.FirstAvailable {

    /** A RAM user's AccessKey pair. */
    static AccessKey accessKey(String accessKeyId, String accessKeySecret) {
        return new AccessKey(accessKeyId, accessKeySecret);
    }

    /** A temporary STS credential (it is not refreshed: it stops working when it expires). */
    static StsToken stsToken(String accessKeyId, String accessKeySecret, String securityToken) {
        return new StsToken(accessKeyId, accessKeySecret, securityToken);
    }

    /**
     * Assumes {@code roleArn} (STS AssumeRole) with the credential of {@code base}; chain it to
     * assume a cross-account role on top of any other sign-in.
     */
    static AssumeRole assumeRole(KmsAuth base, String roleArn) {
        return new AssumeRole(base, roleArn, null, RoleSession.defaults());
    }

    /** RRSA: assumes {@code roleArn} with the OIDC token read from {@code tokenFile} at each refresh. */
    static OidcTokenFile oidcTokenFile(String roleArn, String oidcProviderArn, Path tokenFile) {
        return new OidcTokenFile(roleArn, oidcProviderArn, tokenFile, RoleSession.defaults());
    }

    /**
     * RRSA with tokens from {@code tokenSupplier} (for example Kubernetes TokenRequest), asked for a
     * fresh token at each refresh; nothing is written to disk. Suppliers compare by identity: pass
     * the same instance again when re-putting an unchanged store, so that its client is kept.
     */
    static OidcTokenSupplier oidcTokenSupplier(String roleArn, String oidcProviderArn,
                                               Supplier<String> tokenSupplier) {
        return new OidcTokenSupplier(roleArn, oidcProviderArn, tokenSupplier, RoleSession.defaults());
    }

    /** Credentials served by a local endpoint (the {@code ALIBABA_CLOUD_CREDENTIALS_URI} protocol). */
    static CredentialsUri credentialsUri(URI uri) {
        return new CredentialsUri(uri);
    }

    /**
     * The ECS instance RAM role from the metadata service. Choosing this is the only way a store
     * ever asks the metadata service; {@code roleName} may be {@code null} to use the attached role.
     */
    static EcsRamRole ecsRamRole(String roleName) {
        return new EcsRamRole(roleName);
    }

    /**
     * A KMS instance application access point: the client key file content (JSON with
     * {@code KeyId} and {@code PrivateKeyData}) and its password. Needs an instance endpoint.
     */
    static ClientKey clientKey(String clientKeyContent, String password) {
        return new ClientKey(clientKeyContent, password);
    }

    /**
     * Tiers tried in order until one produces a credential (ack-secret-manager's sign-in chain): a
     * tier that cannot (its token file is missing, STS refuses it, the metadata service is off)
     * hands over to the next; the first that succeeds is kept for the store's lifetime, so the
     * identity never flips back and forth. If every tier fails, the failure names each one.
     */
    static FirstAvailable firstAvailable(List<KmsAuth> tiers) {
        return new FirstAvailable(tiers);
    }

    /** Settings of an STS role session. */
    record RoleSession(String sessionName, Duration duration, String stsEndpoint) {

        private static final Pattern SESSION_NAME = Pattern.compile("[A-Za-z0-9._@-]{2,64}");
        static final String DEFAULT_SESSION_NAME = "secret-sync";

        /**
         * @param sessionName 2-64 letters, digits or {@code . _ @ -}
         * @param duration    900 s to 12 h
         * @param stsEndpoint an STS host ({@code sts.aliyuncs.com}, {@code sts[-vpc].<region>.aliyuncs.com}),
         *                    or {@code null} for the one that matches the store's region and network
         */
        public RoleSession {
            Objects.requireNonNull(sessionName, "RoleSession.sessionName");
            if (!SESSION_NAME.matcher(sessionName).matches()) {
                throw new IllegalArgumentException("RoleSession.sessionName must be 2-64 characters of "
                        + "letters, digits and . _ @ -, got '" + sessionName + "'");
            }
            Objects.requireNonNull(duration, "RoleSession.duration");
            if (duration.compareTo(Duration.ofSeconds(900)) < 0 || duration.compareTo(Duration.ofHours(12)) > 0) {
                throw new IllegalArgumentException("RoleSession.duration must be between 900s and 12h, got "
                        + duration);
            }
            if (stsEndpoint != null) {
                EndpointGuard.checkSyntax("stsEndpoint", stsEndpoint);
            }
        }

        public static RoleSession defaults() {
            return new RoleSession(DEFAULT_SESSION_NAME, Duration.ofHours(1), null);
        }

        public RoleSession withSessionName(String name) {
            return new RoleSession(name, duration, stsEndpoint);
        }

        public RoleSession withDuration(Duration value) {
            return new RoleSession(sessionName, value, stsEndpoint);
        }

        public RoleSession withStsEndpoint(String endpoint) {
            return new RoleSession(sessionName, duration, endpoint);
        }
    }

    /** See {@link KmsAuth#accessKey}. */
    record AccessKey(String accessKeyId, String accessKeySecret) implements KmsAuth {
        public AccessKey {
            Checks.text(accessKeyId, "accessKeyId");
            Checks.text(accessKeySecret, "accessKeySecret");
        }

        @Override
        public String toString() {
            return "AccessKey[accessKeyId=" + accessKeyId + ", accessKeySecret=<redacted>]";
        }
    }

    /** See {@link KmsAuth#stsToken}. */
    record StsToken(String accessKeyId, String accessKeySecret, String securityToken) implements KmsAuth {
        public StsToken {
            Checks.text(accessKeyId, "accessKeyId");
            Checks.text(accessKeySecret, "accessKeySecret");
            Checks.text(securityToken, "securityToken");
        }

        @Override
        public String toString() {
            return "StsToken[accessKeyId=" + accessKeyId + ", accessKeySecret=<redacted>, securityToken=<redacted>]";
        }
    }

    /** See {@link KmsAuth#assumeRole}. */
    record AssumeRole(KmsAuth base, String roleArn, String externalId, RoleSession session) implements KmsAuth {
        public AssumeRole {
            Objects.requireNonNull(base, "AssumeRole.base");
            if (base instanceof ClientKey) {
                throw new IllegalArgumentException("AssumeRole.base cannot be a client key: a client key "
                        + "signs KMS instance requests only, not STS requests");
            }
            Checks.roleArn(roleArn, "roleArn");
            if (externalId != null) {
                Checks.text(externalId, "externalId");
            }
            Objects.requireNonNull(session, "AssumeRole.session");
        }

        /** Sets the external id the trust policy of a cross-account role may require. */
        public AssumeRole withExternalId(String value) {
            return new AssumeRole(base, roleArn, value, session);
        }

        public AssumeRole withSession(RoleSession value) {
            return new AssumeRole(base, roleArn, externalId, value);
        }

        @Override
        public String toString() {
            return "AssumeRole[roleArn=" + roleArn + ", session=" + session + ", base=" + base + "]";
        }
    }

    /** See {@link KmsAuth#oidcTokenFile}. */
    record OidcTokenFile(String roleArn, String oidcProviderArn, Path tokenFile, RoleSession session)
            implements KmsAuth {
        public OidcTokenFile {
            Checks.roleArn(roleArn, "roleArn");
            Checks.oidcProviderArn(oidcProviderArn, "oidcProviderArn");
            Objects.requireNonNull(tokenFile, "OidcTokenFile.tokenFile");
            Objects.requireNonNull(session, "OidcTokenFile.session");
        }

        public OidcTokenFile withSession(RoleSession value) {
            return new OidcTokenFile(roleArn, oidcProviderArn, tokenFile, value);
        }
    }

    /** See {@link KmsAuth#oidcTokenSupplier}. */
    record OidcTokenSupplier(String roleArn, String oidcProviderArn, Supplier<String> tokenSupplier,
                             RoleSession session) implements KmsAuth {
        public OidcTokenSupplier {
            Checks.roleArn(roleArn, "roleArn");
            Checks.oidcProviderArn(oidcProviderArn, "oidcProviderArn");
            Objects.requireNonNull(tokenSupplier, "OidcTokenSupplier.tokenSupplier");
            Objects.requireNonNull(session, "OidcTokenSupplier.session");
        }

        public OidcTokenSupplier withSession(RoleSession value) {
            return new OidcTokenSupplier(roleArn, oidcProviderArn, tokenSupplier, value);
        }

        @Override
        public String toString() {
            return "OidcTokenSupplier[roleArn=" + roleArn + ", oidcProviderArn=" + oidcProviderArn
                    + ", session=" + session + "]";
        }
    }

    /** See {@link KmsAuth#credentialsUri}. */
    record CredentialsUri(URI uri) implements KmsAuth {
        public CredentialsUri {
            Objects.requireNonNull(uri, "CredentialsUri.uri");
            String scheme = uri.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
                throw new IllegalArgumentException("CredentialsUri.uri must be an http or https URL with a host, got '"
                        + uri + "'");
            }
            if (uri.getUserInfo() != null) {
                throw new IllegalArgumentException("CredentialsUri.uri must not carry user info");
            }
        }

        @Override
        public String toString() {
            // The query may carry a token of the credentials server: show the address only.
            return "CredentialsUri[" + uri.getScheme() + "://" + uri.getHost()
                    + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + (uri.getPath() == null ? "" : uri.getPath()) + "]";
        }
    }

    /** See {@link KmsAuth#ecsRamRole}. */
    record EcsRamRole(String roleName) implements KmsAuth {
        public EcsRamRole {
            if (roleName != null) {
                Checks.text(roleName, "roleName");
            }
        }
    }

    /** See {@link KmsAuth#firstAvailable}. */
    record FirstAvailable(List<KmsAuth> tiers) implements KmsAuth {
        public FirstAvailable {
            tiers = List.copyOf(tiers);
            if (tiers.size() < 2) {
                throw new IllegalArgumentException("FirstAvailable needs at least two tiers, got " + tiers.size());
            }
            for (KmsAuth tier : tiers) {
                if (tier instanceof ClientKey) {
                    throw new IllegalArgumentException("FirstAvailable cannot hold a client key: it signs KMS "
                            + "instance requests only");
                }
            }
        }
    }

    /** See {@link KmsAuth#clientKey}. */
    record ClientKey(String clientKeyContent, String password) implements KmsAuth {
        public ClientKey {
            Checks.text(clientKeyContent, "clientKeyContent");
            if (!clientKeyContent.contains("\"KeyId\"") || !clientKeyContent.contains("\"PrivateKeyData\"")) {
                throw new IllegalArgumentException("ClientKey.clientKeyContent must be the client key file's JSON "
                        + "with KeyId and PrivateKeyData");
            }
            Checks.text(password, "password");
        }

        @Override
        public String toString() {
            return "ClientKey[clientKeyContent=<redacted>, password=<redacted>]";
        }
    }
}
