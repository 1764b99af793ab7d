package dev.secretsync.kms;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how one store reaches KMS (or OOS, whose encrypted parameters are KMS-encrypted
 * secrets): service, region, endpoint, TLS trust, timeouts and sign-in. Immutable; the builder
 * checks each setting as it is given and the endpoints when it builds.
 *
 * <pre>{@code
 * KmsStoreConfig config = KmsStoreConfig.builder()
 *         .region("cn-hangzhou")
 *         .auth(KmsAuth.accessKey(id, secret))
 *         .build();                       // endpoint kms-vpc.cn-hangzhou.aliyuncs.com over HTTPS
 *
 * KmsStoreConfig oos = KmsStoreConfig.builder()
 *         .service(KmsStoreConfig.Service.OOS)   // GetSecretParameter at oos-vpc.cn-hangzhou.aliyuncs.com
 *         .region("cn-hangzhou")
 *         .auth(KmsAuth.accessKey(id, secret))
 *         .build();
 * }</pre>
 *
 * {@link #toString()} never shows a secret, token, password or key.
 */
public final class KmsStoreConfig {

    /** Transport to the endpoint. */
    public enum Protocol { HTTPS, HTTP }

    /**
     * What a store reads: KMS secrets ({@code GetSecretValue}) or OOS encrypted parameters
     * ({@code GetSecretParameter} with decryption; version stages and ids do not apply).
     */
    public enum Service {
        KMS("kms"), OOS("oos");

        private final String host;

        Service(String host) {
            this.host = host;
        }
    }

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    private final Service service;
    private final String region;
    private final String endpointOverride;
    private final boolean publicEndpoint;
    private final String caPem;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Protocol protocol;
    private final boolean allowLoopbackEndpoint;
    private final KmsAuth auth;
    private final EndpointGuard.HostPort endpoint;

    private KmsStoreConfig(Builder b) {
        this.service = b.service;
        this.region = b.region;
        this.endpointOverride = b.endpoint;
        this.publicEndpoint = b.publicEndpoint;
        this.caPem = b.caPem;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.protocol = b.protocol;
        this.allowLoopbackEndpoint = b.allowLoopbackEndpoint;
        this.auth = b.auth;
        String target = endpointOverride != null ? endpointOverride
                : service.host + (publicEndpoint ? "." : "-vpc.") + region + ".aliyuncs.com";
        this.endpoint = service == Service.OOS ? EndpointGuard.checkOos("endpoint", target, allowLoopbackEndpoint)
                : EndpointGuard.checkKms("endpoint", target, allowLoopbackEndpoint);
        if (protocol == Protocol.HTTP && !endpoint.isLoopback()) {
            throw new IllegalArgumentException("protocol HTTP is only accepted for a loopback endpoint "
                    + "(the local emulator); " + service + " is reached over HTTPS");
        }
        checkStsEndpoints(auth);
        if (auth instanceof KmsAuth.ClientKey && service == Service.OOS) {
            throw new IllegalArgumentException("a client key signs KMS instance requests only; OOS needs RAM sign-in");
        }
        if (!(auth instanceof KmsAuth.ClientKey) && caPem == null && service == Service.KMS
                && EndpointGuard.isInstanceEndpoint(endpoint) && InstanceCas.forRegion(region).isEmpty()) {
            throw new IllegalArgumentException("caPem must be set for KMS instance endpoint '" + endpoint
                    + "': no KMS instance CA is built in for region " + region);
        }
        if (auth instanceof KmsAuth.ClientKey) {
            if (!endpoint.isLoopback() && !EndpointGuard.isInstanceEndpoint(endpoint)) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "' is not a KMS instance endpoint "
                        + "(<instance-id>.cryptoservice.kms.aliyuncs.com), which a client key needs");
            }
            if (protocol == Protocol.HTTPS && caPem == null) {
                throw new IllegalArgumentException("caPem must be set for a client key: a KMS instance endpoint "
                        + "presents a certificate of the KMS instance CA");
            }
        }
    }

    private void checkStsEndpoints(KmsAuth a) {
        if (a instanceof KmsAuth.FirstAvailable chain) {
            chain.tiers().forEach(this::checkStsEndpoints);
        } else if (a instanceof KmsAuth.AssumeRole role) {
            checkSts(role.session());
            checkStsEndpoints(role.base());
        } else if (a instanceof KmsAuth.OidcTokenFile oidc) {
            checkSts(oidc.session());
        } else if (a instanceof KmsAuth.OidcTokenSupplier oidc) {
            checkSts(oidc.session());
        }
    }

    private void checkSts(KmsAuth.RoleSession session) {
        if (session.stsEndpoint() != null) {
            EndpointGuard.checkSts("stsEndpoint", session.stsEndpoint(), allowLoopbackEndpoint);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this configuration's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.service = service;
        b.region = region;
        b.endpoint = endpointOverride;
        b.publicEndpoint = publicEndpoint;
        b.caPem = caPem;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.protocol = protocol;
        b.allowLoopbackEndpoint = allowLoopbackEndpoint;
        b.auth = auth;
        return b;
    }

    public Service service() {
        return service;
    }

    public String region() {
        return region;
    }

    /** The endpoint requests go to, as {@code host[:port]}. */
    public String endpoint() {
        return endpoint.toString();
    }

    /**
     * This store reached at a data entry's endpoint (ack-secret-manager's {@code data[].kmsEndpoint}).
     * An OOS store ignores it, as ack-secret-manager does: OOS has no per-entry endpoint.
     *
     * @throws IllegalArgumentException when the endpoint is not accepted
     */
    public KmsStoreConfig withEntryEndpoint(String kmsEndpoint) {
        if (service == Service.OOS || kmsEndpoint == null || kmsEndpoint.isBlank()) {
            return this;
        }
        return toBuilder().endpoint(kmsEndpoint.trim()).build();
    }

    /** The STS endpoint a role session uses: its own, or the one of this store's region and network. */
    String stsEndpointFor(KmsAuth.RoleSession session) {
        if (session.stsEndpoint() != null) {
            return session.stsEndpoint().trim().toLowerCase(Locale.ROOT);
        }
        return (publicEndpoint ? "sts." : "sts-vpc.") + region + ".aliyuncs.com";
    }

    public boolean isPublicEndpoint() {
        return publicEndpoint;
    }

    /** PEM of the CA(s) configured for the endpoint's certificate, or {@code null}. */
    public String caPem() {
        return caPem;
    }

    /**
     * The CA(s) the endpoint's certificate is verified against: the configured {@link #caPem()};
     * else, for a KMS instance endpoint reached with RAM sign-in, Alibaba's built-in CA of the
     * store's region (as ack-secret-manager does); else {@code null}, the JVM's trust store.
     */
    public String trustedCaPem() {
        if (caPem != null) {
            return caPem;
        }
        if (service == Service.KMS && EndpointGuard.isInstanceEndpoint(endpoint)) {
            return InstanceCas.forRegion(region).orElse(null);
        }
        return null;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public Protocol protocol() {
        return protocol;
    }

    public boolean allowLoopbackEndpoint() {
        return allowLoopbackEndpoint;
    }

    public KmsAuth auth() {
        return auth;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KmsStoreConfig other
                && service == other.service
                && region.equals(other.region)
                && Objects.equals(endpointOverride, other.endpointOverride)
                && publicEndpoint == other.publicEndpoint
                && Objects.equals(caPem, other.caPem)
                && connectTimeout.equals(other.connectTimeout)
                && readTimeout.equals(other.readTimeout)
                && protocol == other.protocol
                && allowLoopbackEndpoint == other.allowLoopbackEndpoint
                && auth.equals(other.auth);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, region, endpointOverride, publicEndpoint, caPem, connectTimeout, readTimeout, protocol,
                allowLoopbackEndpoint, auth);
    }

    @Override
    public String toString() {
        return "KmsStoreConfig[" + (service == Service.OOS ? "service=OOS, " : "") + "region=" + region
                + ", endpoint=" + endpoint + ", protocol=" + protocol
                + ", ca=" + (caPem != null ? "custom" : trustedCaPem() != null ? "built-in-instance-ca" : "jvm-default") + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + (allowLoopbackEndpoint ? ", allowLoopbackEndpoint" : "")
                + ", auth=" + auth + "]";
    }

    /** Builds a {@link KmsStoreConfig}; each setter rejects a bad value at once. */
    public static final class Builder {
        private Service service = Service.KMS;
        private String region;
        private String endpoint;
        private boolean publicEndpoint;
        private String caPem;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Protocol protocol = Protocol.HTTPS;
        private boolean allowLoopbackEndpoint;
        private KmsAuth auth;

        private Builder() {
        }

        /** KMS secrets (the default) or OOS encrypted parameters. */
        public Builder service(Service value) {
            this.service = Objects.requireNonNull(value, "service");
            return this;
        }

        /** The region id, for example {@code cn-hangzhou}. Required. */
        public Builder region(String value) {
            EndpointGuard.checkRegion(value);
            this.region = value;
            return this;
        }

        /**
         * An endpoint ({@code host[:port]}) instead of the region's: {@code kms.<region>.aliyuncs.com},
         * {@code kms-vpc.<region>.aliyuncs.com} or a KMS instance {@code <id>.cryptoservice.kms.aliyuncs.com};
         * for OOS {@code oos.<region>.aliyuncs.com} or {@code oos-vpc.<region>.aliyuncs.com}.
         * {@code null} restores the default.
         */
        public Builder endpoint(String value) {
            if (value != null) {
                EndpointGuard.checkSyntax("endpoint", value);
            }
            this.endpoint = value;
            return this;
        }

        /**
         * {@code true} for the public endpoint {@code kms.<region>.aliyuncs.com} ({@code oos.…}); the
         * default is the VPC endpoint {@code kms-vpc.<region>.aliyuncs.com} ({@code oos-vpc.…}). Also
         * picks the default STS endpoint.
         */
        public Builder publicEndpoint(boolean value) {
            this.publicEndpoint = value;
            return this;
        }

        /** PEM certificate(s) to trust for the endpoint instead of the JVM's trust store. */
        public Builder caPem(String value) {
            if (value != null) {
                checkPem(value);
            }
            this.caPem = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = checkTimeout("connectTimeout", value);
            return this;
        }

        public Builder readTimeout(Duration value) {
            this.readTimeout = checkTimeout("readTimeout", value);
            return this;
        }

        /** HTTPS (the default); HTTP only for a loopback endpoint. */
        public Builder protocol(Protocol value) {
            this.protocol = Objects.requireNonNull(value, "protocol");
            return this;
        }

        /** Accepts loopback endpoints (127.0.0.0/8, localhost, ::1): for tests and the local emulator only. */
        public Builder allowLoopbackEndpoint(boolean value) {
            this.allowLoopbackEndpoint = value;
            return this;
        }

        /** How to sign in. Required: there is no implicit default. */
        public Builder auth(KmsAuth value) {
            this.auth = Objects.requireNonNull(value, "auth");
            return this;
        }

        public KmsStoreConfig build() {
            if (region == null) {
                throw new IllegalStateException("region must be set");
            }
            if (auth == null) {
                throw new IllegalStateException("auth must be set: a store has no implicit credentials "
                        + "(choose KmsAuth.accessKey, assumeRole, oidcTokenFile, ...)");
            }
            return new KmsStoreConfig(this);
        }

        private static Duration checkTimeout(String field, Duration value) {
            Objects.requireNonNull(value, field);
            if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(field + " must be positive and at most " + MAX_TIMEOUT + ", got "
                        + value);
            }
            if (value.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(field + " is too large");
            }
            return value;
        }

        private static void checkPem(String pem) {
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new IllegalArgumentException("caPem must hold PEM certificates (-----BEGIN CERTIFICATE-----)");
            }
            try {
                var certs = CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
                if (certs.isEmpty()) {
                    throw new IllegalArgumentException("caPem holds no certificate");
                }
            } catch (CertificateException e) {
                throw new IllegalArgumentException("caPem is not a valid PEM certificate: " + e.getMessage(), e);
            }
        }
    }
}
