package dev.secretsync.k8s.store;

import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.CloudAuth;
import dev.secretsync.k8s.model.DedicatedKmsAuth;
import dev.secretsync.k8s.model.KmsProvider;
import dev.secretsync.k8s.model.OosProvider;
import dev.secretsync.k8s.model.SecretRef;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.model.ServiceAccountRef;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsStoreConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Turns SecretStores and ClusterSecretStores into KMS store configurations
 * ({@link KmsStoreConfig}), reading credentials from the Secrets and ServiceAccounts they refer to.
 *
 * <p>Resolutions are cached by store id and fingerprint (the store's uid and spec, and the
 * resourceVersions of the Secrets and ServiceAccount it reads): resolving an unchanged store
 * returns the same configuration object, so {@code KmsSecretSource.putStore} keeps its client;
 * a change to the store or its credentials rebuilds only that store.
 *
 * <p>Sign-in, in order: {@code serviceAccountRef} (TokenRequest tokens, role from the
 * ServiceAccount annotation {@code ack.alibabacloud.com/role-arn}, RRSA), {@code accessKey} +
 * {@code accessKeySecret} (optionally assuming {@code ramRoleARN}), {@code oidcProviderARN} +
 * {@code oidcTokenFilePath} (RRSA token file), else the controller's own credentials (optionally
 * assuming {@code ramRoleARN}); {@code remoteRamRoleARN} is assumed on top of any of them.
 * {@code dedicatedKMSAuth} signs in to a KMS instance with a Client Key.
 */
public final class StoreResolver {

    public static final String DEFAULT_AUDIENCE = "sts.aliyuncs.com";
    static final String KMS_AUTH = "spec.KMS.KMSAuth";
    static final String DEDICATED = "spec.KMS.dedicatedKMSAuth";

    private final KubeAccess access;
    private final String region;
    private final boolean publicEndpoint;
    private final String defaultEndpoint;
    private final boolean allowCrossNamespaceRefs;
    private final Path defaultOidcTokenFile;
    private final KmsAuth defaultAuth;
    private final Duration tokenExpiration;
    private final UnaryOperator<KmsStoreConfig.Builder> customizer;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Map<String, StoreResolution> cache = new ConcurrentHashMap<>();

    private StoreResolver(Builder b) {
        this.access = b.access;
        this.region = b.region;
        this.publicEndpoint = b.publicEndpoint;
        this.defaultEndpoint = b.endpoint;
        this.allowCrossNamespaceRefs = b.allowCrossNamespaceRefs;
        this.defaultOidcTokenFile = b.defaultOidcTokenFile;
        this.defaultAuth = b.defaultAuth;
        this.tokenExpiration = b.tokenExpiration;
        this.customizer = b.customizer;
    }

    public static Builder builder(KubeAccess access) {
        return new Builder(access);
    }

    /** {@code SecretStore/<namespace>/<name>}: the store id of a SecretStore. */
    public static String storeId(SecretStore store) {
        return StoreRefs.secretStoreId(store.getMetadata().getNamespace(), store.getMetadata().getName());
    }

    /** {@code ClusterSecretStore/<name>}: the store id of a ClusterSecretStore. */
    public static String storeId(ClusterSecretStore store) {
        return StoreRefs.clusterSecretStoreId(store.getMetadata().getName());
    }

    public StoreResolution resolve(SecretStore store) {
        var spec = store.getSpec();
        return resolve(storeId(store), store, store.getMetadata().getNamespace(),
                spec == null ? null : spec.getKms(), spec == null ? null : spec.getOos());
    }

    public StoreResolution resolve(ClusterSecretStore store) {
        var spec = store.getSpec();
        return resolve(storeId(store), store, null, spec == null ? null : spec.getKms(),
                spec == null ? null : spec.getOos());
    }

    /**
     * Whether {@code namespace} may use {@code store} (its {@code conditions}). A namespace that
     * does not exist is denied.
     */
    public NamespaceConditions.Decision allows(ClusterSecretStore store, String namespace) {
        Optional<Namespace> ns = access.namespace(namespace);
        if (ns.isEmpty()) {
            return new NamespaceConditions.Decision(false, "namespace " + namespace + " not found");
        }
        return NamespaceConditions.evaluate(store.getSpec() == null ? null : store.getSpec().getConditions(),
                ns.get());
    }

    /**
     * {@code base} with a data entry's {@code kmsEndpoint}: store id {@code <base id>@<endpoint>}.
     * The same configuration object is returned while {@code base} is unchanged.
     */
    public StoreResolution withEndpoint(StoreResolution base, String kmsEndpoint) {
        if (kmsEndpoint == null || kmsEndpoint.isBlank() || !base.ready()) {
            return base;
        }
        String endpoint = kmsEndpoint.trim();
        String id = base.storeId() + "@" + endpoint;
        StoreResolution cached = cache.get(id);
        if (cached != null && cached.fingerprint().equals(base.fingerprint())) {
            return cached;
        }
        StoreResolution derived;
        try {
            KmsStoreConfig config = base.config().orElseThrow().toBuilder().endpoint(endpoint).build();
            derived = new StoreResolution(id, Optional.of(config), StoreResolution.VALID, "store is valid",
                    base.fingerprint());
        } catch (IllegalArgumentException | IllegalStateException e) {
            derived = failed(id, StoreResolution.CLIENT_CREATION_FAILED, "kmsEndpoint: " + e.getMessage(),
                    base.fingerprint());
        }
        cache.put(id, derived);
        return derived;
    }

    /** Drops the cached resolutions of a deleted store (its per-endpoint variants included). */
    public void forget(String storeId) {
        cache.keySet().removeIf(id -> id.equals(storeId) || id.startsWith(storeId + "@"));
    }

    private StoreResolution resolve(String storeId, HasMetadata store, String storeNamespace, KmsProvider kms,
                                    OosProvider oos) {
        String fingerprint = fingerprint(store, storeNamespace, kms);
        StoreResolution cached = cache.get(storeId);
        if (cached != null && cached.fingerprint().equals(fingerprint)) {
            return cached;
        }
        StoreResolution fresh = build(storeId, storeNamespace, kms, oos, fingerprint);
        cache.put(storeId, fresh);
        return fresh;
    }

    private StoreResolution build(String storeId, String storeNamespace, KmsProvider kms, OosProvider oos,
                                  String fingerprint) {
        if (kms == null && oos == null) {
            return failed(storeId, StoreResolution.INVALID_PROVIDER_CONFIG,
                    "spec must set KMS (OOS is not served by secret-sync)", fingerprint);
        }
        if (kms != null && oos != null) {
            return failed(storeId, StoreResolution.INVALID_PROVIDER_CONFIG, "spec must set only one of KMS and OOS",
                    fingerprint);
        }
        if (oos != null) {
            return failed(storeId, StoreResolution.INVALID_PROVIDER_CONFIG,
                    "spec.OOS: OOS parameters are not served by secret-sync yet; use KMS", fingerprint);
        }
        if (kms.getKmsAuth() != null && kms.getDedicatedKmsAuth() != null) {
            return failed(storeId, StoreResolution.INVALID_PROVIDER_CONFIG,
                    "spec.KMS must set only one of KMSAuth and dedicatedKMSAuth", fingerprint);
        }
        KmsStoreConfig.Builder config = KmsStoreConfig.builder();
        try {
            config.region(region).publicEndpoint(publicEndpoint).endpoint(defaultEndpoint);
            if (kms.getDedicatedKmsAuth() != null) {
                dedicated(config, kms.getDedicatedKmsAuth(), storeNamespace);
            } else {
                config.auth(auth(kms.getKmsAuth(), storeNamespace));
            }
        } catch (Invalid e) {
            return failed(storeId, StoreResolution.VALIDATION_FAILED, e.getMessage(), fingerprint);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return failed(storeId, StoreResolution.VALIDATION_FAILED, e.getMessage(), fingerprint);
        }
        try {
            KmsStoreConfig built = customizer.apply(config).build();
            return new StoreResolution(storeId, Optional.of(built), StoreResolution.VALID, "store is valid",
                    fingerprint);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return failed(storeId, StoreResolution.CLIENT_CREATION_FAILED, e.getMessage(), fingerprint);
        }
    }

    private KmsAuth auth(CloudAuth a, String storeNamespace) throws Invalid {
        if (a == null) {
            return controllerAuth();
        }
        KmsAuth.RoleSession session = session(a.getRamRoleSessionName(), a.getRoleSessionExpiration(),
                KMS_AUTH + ".ramRoleSessionName");
        KmsAuth auth;
        if (a.getServiceAccountRef() != null) {
            auth = serviceAccountAuth(a, a.getServiceAccountRef(), storeNamespace, session);
        } else if (notBlank(a.getOidcTokenFilePath()) || notBlank(a.getOidcProviderARN())) {
            auth = oidcTokenFile(a, session);
        } else {
            KmsAuth base;
            if (a.getAccessKey() != null || a.getAccessKeySecret() != null) {
                if (a.getAccessKey() == null || a.getAccessKeySecret() == null) {
                    throw new Invalid(KMS_AUTH + ": accessKey and accessKeySecret must be set together");
                }
                String id = read(a.getAccessKey(), storeNamespace, KMS_AUTH + ".accessKey");
                String secret = read(a.getAccessKeySecret(), storeNamespace, KMS_AUTH + ".accessKeySecret");
                base = check(KMS_AUTH + ".accessKey", () -> KmsAuth.accessKey(id, secret));
            } else {
                base = controllerAuth();
            }
            auth = !notBlank(a.getRamRoleARN()) ? base : check(KMS_AUTH + ".ramRoleARN",
                    () -> KmsAuth.assumeRole(base, a.getRamRoleARN().trim()).withSession(session));
        }
        if (notBlank(a.getRemoteRamRoleARN())) {
            KmsAuth base = auth;
            KmsAuth.RoleSession remote = session(a.getRemoteRamRoleSessionName(), a.getRoleSessionExpiration(),
                    KMS_AUTH + ".remoteRamRoleSessionName");
            auth = check(KMS_AUTH + ".remoteRamRoleARN",
                    () -> KmsAuth.assumeRole(base, a.getRemoteRamRoleARN().trim()).withSession(remote));
        }
        return auth;
    }

    private KmsAuth serviceAccountAuth(CloudAuth a, ServiceAccountRef ref, String storeNamespace,
                                       KmsAuth.RoleSession session) throws Invalid {
        String field = KMS_AUTH + ".serviceAccountRef";
        String namespace = refNamespace(ref.getNamespace(), storeNamespace, field);
        String name = required(ref.getName(), field + ".name");
        ServiceAccount account = access.serviceAccount(namespace, name).orElseThrow(
                () -> new Invalid(field + ": ServiceAccount " + namespace + "/" + name + " not found"));
        Map<String, String> annotations = account.getMetadata().getAnnotations();
        String roleArn = annotations == null ? null : annotations.get(Metadata.ROLE_ARN_ANNOTATION);
        if (!notBlank(roleArn)) {
            roleArn = a.getRamRoleARN();
        }
        if (!notBlank(roleArn)) {
            throw new Invalid(field + ": ServiceAccount " + namespace + "/" + name + " has no annotation "
                    + Metadata.ROLE_ARN_ANNOTATION + " (and " + KMS_AUTH + ".ramRoleARN is not set)");
        }
        String providerArn = required(a.getOidcProviderARN(), KMS_AUTH + ".oidcProviderARN");
        List<String> audiences = ref.getAudiences() == null || ref.getAudiences().isEmpty()
                ? List.of(DEFAULT_AUDIENCE) : List.copyOf(ref.getAudiences());
        Duration expiration = tokenExpiration;
        String role = roleArn.trim();
        return check(field, () -> KmsAuth.oidcTokenSupplier(role, providerArn.trim(),
                () -> access.requestToken(namespace, name, audiences, expiration)).withSession(session));
    }

    private KmsAuth oidcTokenFile(CloudAuth a, KmsAuth.RoleSession session) throws Invalid {
        String roleArn = required(a.getRamRoleARN(), KMS_AUTH + ".ramRoleARN");
        String providerArn = required(a.getOidcProviderARN(), KMS_AUTH + ".oidcProviderARN");
        Path file;
        if (notBlank(a.getOidcTokenFilePath())) {
            try {
                file = Path.of(a.getOidcTokenFilePath().trim());
            } catch (InvalidPathException e) {
                throw new Invalid(KMS_AUTH + ".oidcTokenFilePath is not a valid path");
            }
        } else if (defaultOidcTokenFile != null) {
            file = defaultOidcTokenFile;
        } else {
            throw new Invalid(KMS_AUTH + ".oidcTokenFilePath must be set (the controller has no default token file)");
        }
        Path tokenFile = file;
        return check(KMS_AUTH, () -> KmsAuth.oidcTokenFile(roleArn.trim(), providerArn.trim(), tokenFile)
                .withSession(session));
    }

    private void dedicated(KmsStoreConfig.Builder config, DedicatedKmsAuth d, String storeNamespace) throws Invalid {
        if (Boolean.TRUE.equals(d.getIgnoreSSL())) {
            throw new Invalid(DEDICATED + ".ignoreSSL is not supported: TLS verification stays on; set "
                    + DEDICATED + ".ca to the KMS instance CA instead");
        }
        String endpoint = required(d.getEndpoint(), DEDICATED + ".endpoint").trim();
        if (!endpoint.contains(".") && !endpoint.contains(":")) {
            endpoint = endpoint + ".cryptoservice.kms.aliyuncs.com";   // an instance id, as ack-secret-manager takes it
        }
        String protocol = d.getProtocol() == null ? "https" : d.getProtocol().trim().toLowerCase(java.util.Locale.ROOT);
        if (!protocol.equals("https") && !protocol.equals("http")) {
            throw new Invalid(DEDICATED + ".protocol must be https, got '" + d.getProtocol() + "'");
        }
        if (d.getClientKeyContent() == null || d.getPassword() == null) {
            throw new Invalid(DEDICATED + ": clientKeyContent and password must be set");
        }
        String content = read(d.getClientKeyContent(), storeNamespace, DEDICATED + ".clientKeyContent");
        String password = read(d.getPassword(), storeNamespace, DEDICATED + ".password");
        String ca = null;
        if (notBlank(d.getCa())) {
            ca = d.getCa().contains("-----BEGIN") ? d.getCa() : decode(d.getCa(), true, DEDICATED + ".ca");
        }
        String endpointValue = endpoint;
        String caPem = ca;
        check(DEDICATED, () -> {
            config.endpoint(endpointValue).caPem(caPem)
                    .protocol(protocol.equals("http") ? KmsStoreConfig.Protocol.HTTP : KmsStoreConfig.Protocol.HTTPS)
                    .auth(KmsAuth.clientKey(content, password));
            return null;
        });
    }

    private KmsAuth controllerAuth() throws Invalid {
        if (defaultAuth == null) {
            throw new Invalid(KMS_AUTH + " sets no credentials and the controller has none of its own: set "
                    + "accessKey/accessKeySecret, serviceAccountRef or oidcProviderARN");
        }
        return defaultAuth;
    }

    private KmsAuth.RoleSession session(String sessionName, String expiration, String nameField) throws Invalid {
        KmsAuth.RoleSession session = KmsAuth.RoleSession.defaults();
        if (notBlank(sessionName)) {
            String name = sessionName.trim();
            session = check(nameField, () -> KmsAuth.RoleSession.defaults().withSessionName(name));
        }
        if (notBlank(expiration)) {
            Duration duration = parseDuration(expiration.trim(), KMS_AUTH + ".roleSessionExpiration");
            KmsAuth.RoleSession base = session;
            session = check(KMS_AUTH + ".roleSessionExpiration", () -> base.withDuration(duration));
        }
        return session;
    }

    /** Reads one key of a referenced Secret. The value never appears in a message. */
    private String read(SecretRef ref, String storeNamespace, String field) throws Invalid {
        String namespace = refNamespace(ref.getNamespace(), storeNamespace, field);
        String name = required(ref.getName(), field + ".name");
        String key = required(ref.getKey(), field + ".key");
        Secret secret = access.secret(namespace, name).orElseThrow(
                () -> new Invalid(field + ": Secret " + namespace + "/" + name + " not found"));
        String value = null;
        if (secret.getData() != null && secret.getData().get(key) != null) {
            value = decode(secret.getData().get(key), false, field + ": key '" + key + "' of Secret " + namespace + "/" + name);
        } else if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            value = secret.getStringData().get(key);
        }
        if (value == null) {
            throw new Invalid(field + ": Secret " + namespace + "/" + name + " has no key '" + key + "'");
        }
        // `echo` without -n leaves a newline in many of these Secrets; credentials never hold edge whitespace.
        value = value.strip();
        if (value.isEmpty()) {
            throw new Invalid(field + ": key '" + key + "' of Secret " + namespace + "/" + name + " is empty");
        }
        return value;
    }

    private String refNamespace(String refNamespace, String storeNamespace, String field) throws Invalid {
        boolean set = notBlank(refNamespace);
        if (storeNamespace == null) {
            if (!set) {
                throw new Invalid(field + ".namespace must be set in a ClusterSecretStore");
            }
            return refNamespace.trim();
        }
        if (!set || refNamespace.trim().equals(storeNamespace)) {
            return storeNamespace;
        }
        if (!allowCrossNamespaceRefs) {
            throw new Invalid(field + ".namespace '" + refNamespace.trim() + "' is not the SecretStore's namespace '"
                    + storeNamespace + "': cross-namespace references are disabled");
        }
        return refNamespace.trim();
    }

    /** The fingerprint: uid, spec and the resourceVersions of every object the spec reads. */
    private String fingerprint(HasMetadata store, String storeNamespace, KmsProvider kms) {
        StringBuilder text = new StringBuilder();
        text.append(store.getMetadata().getUid()).append('|')
                .append(serialization.asJson(store instanceof SecretStore s ? s.getSpec()
                        : ((ClusterSecretStore) store).getSpec()));
        for (String[] ref : references(kms, storeNamespace)) {
            String version;
            if (ref[0].equals("ServiceAccount")) {
                version = access.serviceAccount(ref[1], ref[2]).map(o -> o.getMetadata().getResourceVersion())
                        .orElse("absent");
            } else {
                version = access.secret(ref[1], ref[2]).map(o -> o.getMetadata().getResourceVersion())
                        .orElse("absent");
            }
            text.append('|').append(String.join("/", ref)).append('@').append(version);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** {kind, namespace, name} of each Secret and ServiceAccount the spec refers to (as written). */
    private static List<String[]> references(KmsProvider kms, String storeNamespace) {
        List<String[]> refs = new ArrayList<>();
        if (kms == null) {
            return refs;
        }
        CloudAuth a = kms.getKmsAuth();
        if (a != null) {
            addSecret(refs, a.getAccessKey(), storeNamespace);
            addSecret(refs, a.getAccessKeySecret(), storeNamespace);
            ServiceAccountRef sa = a.getServiceAccountRef();
            if (sa != null && sa.getName() != null) {
                refs.add(new String[] {"ServiceAccount", notBlank(sa.getNamespace()) ? sa.getNamespace().trim()
                        : String.valueOf(storeNamespace), sa.getName()});
            }
        }
        DedicatedKmsAuth d = kms.getDedicatedKmsAuth();
        if (d != null) {
            addSecret(refs, d.getClientKeyContent(), storeNamespace);
            addSecret(refs, d.getPassword(), storeNamespace);
        }
        return refs;
    }

    private static void addSecret(List<String[]> refs, SecretRef ref, String storeNamespace) {
        if (ref != null && ref.getName() != null) {
            refs.add(new String[] {"Secret", notBlank(ref.getNamespace()) ? ref.getNamespace().trim()
                    : String.valueOf(storeNamespace), ref.getName()});
        }
    }

    static Duration parseDuration(String text, String field) throws Invalid {
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            return GoDuration.parse(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new Invalid(field + " must be seconds (3600) or a duration (1h, 90m), got '" + text + "'");
        }
    }

    /** Secret data is strict base64; a {@code ca} typed into a manifest may be wrapped ({@code lenient}). */
    private static String decode(String base64, boolean lenient, String what) throws Invalid {
        try {
            byte[] bytes = lenient ? Base64.getMimeDecoder().decode(base64) : Base64.getDecoder().decode(base64);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Invalid(what + " is not valid base64");
        }
    }

    private static String required(String value, String field) throws Invalid {
        if (!notBlank(value)) {
            throw new Invalid(field + " must be set");
        }
        return value;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static StoreResolution failed(String storeId, String reason, String message, String fingerprint) {
        return new StoreResolution(storeId, Optional.empty(), reason, message, fingerprint);
    }

    /** Runs a KMS configuration step, turning its refusal into a message prefixed with the field. */
    private static <T> T check(String field, Step<T> step) throws Invalid {
        try {
            return step.run();
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw new Invalid(field + ": " + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run();
    }

    /** A store setting that cannot be used; the message names the field. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Builds a {@link StoreResolver}. */
    public static final class Builder {
        private final KubeAccess access;
        private String region;
        private boolean publicEndpoint;
        private String endpoint;
        private boolean allowCrossNamespaceRefs;
        private Path defaultOidcTokenFile;
        private KmsAuth defaultAuth;
        private Duration tokenExpiration = Duration.ofHours(1);
        private UnaryOperator<KmsStoreConfig.Builder> customizer = UnaryOperator.identity();

        private Builder(KubeAccess access) {
            this.access = Objects.requireNonNull(access, "access");
        }

        /** The region of every store (the controller's {@code --region}). Required. */
        public Builder region(String value) {
            KmsStoreConfig.builder().region(value);   // checks it
            this.region = value;
            return this;
        }

        /** Public KMS/STS endpoints instead of the VPC ones (default {@code false}). */
        public Builder publicEndpoint(boolean value) {
            this.publicEndpoint = value;
            return this;
        }

        /**
         * The KMS endpoint of stores that name none (ack-secret-manager's {@code --kms-endpoint});
         * default: the region's. A {@code dedicatedKMSAuth} endpoint wins over it.
         */
        public Builder endpoint(String value) {
            KmsStoreConfig.builder().endpoint(value);   // checks its syntax
            this.endpoint = value;
            return this;
        }

        /**
         * Honour a {@code namespace} in a SecretStore's Secret and ServiceAccount references that
         * differs from the store's own (ack-secret-manager's {@code --enable-cross-namespace-auth-ref};
         * default {@code false}).
         */
        public Builder allowCrossNamespaceRefs(boolean value) {
            this.allowCrossNamespaceRefs = value;
            return this;
        }

        /** The token file used when a store names an OIDC provider but no {@code oidcTokenFilePath}. */
        public Builder defaultOidcTokenFile(Path value) {
            this.defaultOidcTokenFile = value;
            return this;
        }

        /** The controller's own credentials, for stores that set none (ack-secret-manager's env credentials). */
        public Builder defaultAuth(KmsAuth value) {
            this.defaultAuth = value;
            return this;
        }

        /** Lifetime asked for ServiceAccount tokens (10 min .. 24 h, default 1 h). */
        public Builder tokenExpiration(Duration value) {
            Objects.requireNonNull(value, "tokenExpiration");
            if (value.compareTo(Duration.ofMinutes(10)) < 0 || value.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException("tokenExpiration must be between 10m and 24h, got " + value);
            }
            this.tokenExpiration = value;
            return this;
        }

        /** Adjusts every built configuration (timeouts; loopback endpoints in tests). */
        public Builder customize(UnaryOperator<KmsStoreConfig.Builder> value) {
            this.customizer = Objects.requireNonNull(value, "customize");
            return this;
        }

        public StoreResolver build() {
            if (region == null) {
                throw new IllegalStateException("region must be set");
            }
            return new StoreResolver(this);
        }
    }
}
