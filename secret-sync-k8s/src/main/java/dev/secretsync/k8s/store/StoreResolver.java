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
import java.util.regex.Pattern;

/**
 * Turns SecretStores and ClusterSecretStores into store configurations ({@link KmsStoreConfig}, for
 * KMS or OOS), reading credentials from the Secrets and ServiceAccounts they refer to.
 *
 * <p>Resolutions are cached by store id and fingerprint (the store's uid and spec, and the
 * resourceVersions of the Secrets and ServiceAccount it reads): resolving an unchanged store
 * returns the same configuration object, so {@code KmsSecretSource.putStore} keeps its client;
 * a change to the store or its credentials rebuilds only that store.
 *
 * <p>Sign-in is ack-secret-manager's chain ({@link AckSignIn}): {@code serviceAccountRef} alone
 * (fail-closed), else RRSA ({@code ramRoleARN} + {@code oidcProviderARN}, which defaults to
 * {@code acs:ram::<uid>:oidc-provider/ack-rrsa-<cluster-id>}), AccessKey + AssumeRole, the
 * AccessKey, then the worker role with {@code --enable-worker-role}, each tier handing over to the
 * next when it cannot sign in; {@code remoteRamRoleARN} on top. The controller's own credentials are
 * never used for a store. {@code dedicatedKMSAuth} signs in to a KMS instance with a Client Key.
 */
public final class StoreResolver {

    public static final String DEFAULT_AUDIENCE = "sts.aliyuncs.com";
    /** A well-formed OIDC provider ARN, as ack-secret-manager checks it before falling back to the default. */
    private static final Pattern OIDC_PROVIDER_ARN = Pattern.compile("acs:ram:[^:]*:\\d+:oidc-provider/[^/\\s]+");
    static final String KMS_AUTH = "spec.KMS.KMSAuth";
    static final String OOS_AUTH = "spec.OOS.OOSAuth";
    static final String DEDICATED = "spec.KMS.dedicatedKMSAuth";
    /** Where the chart's {@code rrsa.enable} projects the controller's token (as ack-secret-manager). */
    public static final Path DEFAULT_OIDC_TOKEN_FILE = Path.of("/var/run/secrets/tokens/ack-secret-manager");

    private final KubeAccess access;
    private final String region;
    private final boolean publicEndpoint;
    private final String defaultEndpoint;
    private final boolean allowCrossNamespaceRefs;
    private final Path defaultOidcTokenFile;
    private final String clusterId;
    private final String uid;
    private final boolean enableWorkerRole;
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
        this.clusterId = b.clusterId;
        this.uid = b.uid;
        this.enableWorkerRole = b.enableWorkerRole;
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
        if (kmsEndpoint == null || kmsEndpoint.isBlank() || !base.ready()
                || base.config().get().service() == KmsStoreConfig.Service.OOS) {
            return base;   // OOS has no per-entry endpoint: ack-secret-manager ignores it too
        }
        String endpoint = kmsEndpoint.trim();
        String id = base.storeId() + "@" + endpoint;
        StoreResolution cached = cache.get(id);
        if (cached != null && cached.fingerprint().equals(base.fingerprint())) {
            return cached;
        }
        StoreResolution derived;
        try {
            KmsStoreConfig config = base.config().orElseThrow().withEntryEndpoint(endpoint);
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
        String fingerprint = fingerprint(store, storeNamespace, kms, oos);
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
            return failed(storeId, StoreResolution.INVALID_PROVIDER_CONFIG, "spec must set KMS or OOS", fingerprint);
        }
        if (kms != null && oos != null) {
            return failed(storeId, StoreResolution.INVALID_PROVIDER_CONFIG, "spec must set only one of KMS and OOS",
                    fingerprint);
        }
        if (kms != null && kms.getKmsAuth() != null && kms.getDedicatedKmsAuth() != null) {
            return failed(storeId, StoreResolution.INVALID_PROVIDER_CONFIG,
                    "spec.KMS must set only one of KMSAuth and dedicatedKMSAuth", fingerprint);
        }
        KmsStoreConfig.Builder config = KmsStoreConfig.builder();
        try {
            config.region(region).publicEndpoint(publicEndpoint);
            if (oos != null) {
                config.service(KmsStoreConfig.Service.OOS).auth(auth(oos.getOosAuth(), storeNamespace, OOS_AUTH));
            } else if (kms.getDedicatedKmsAuth() != null) {
                config.endpoint(defaultEndpoint);
                dedicated(config, kms.getDedicatedKmsAuth(), storeNamespace);
            } else {
                config.endpoint(defaultEndpoint).auth(auth(kms.getKmsAuth(), storeNamespace, KMS_AUTH));
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

    /** ack-secret-manager's chain for a {@code KMSAuth} or {@code OOSAuth} ({@code field}); see {@link AckSignIn}. */
    private KmsAuth auth(CloudAuth a, String storeNamespace, String field) throws Invalid {
        AckSignIn chain = AckSignIn.chain();
        if (a == null) {
            chain.workerRole(enableWorkerRole);
        } else {
            KmsAuth.RoleSession session = session(a.getRamRoleSessionName(), a.getRoleSessionExpiration(),
                    field + ".ramRoleSessionName", field);
            if (a.getServiceAccountRef() != null) {
                // Fail-closed, as ack-secret-manager: an explicit ServiceAccount never degrades to another identity.
                chain.rrsa(serviceAccountAuth(a, a.getServiceAccountRef(), storeNamespace, session, field));
            } else {
                KmsAuth keys = accessKey(a, storeNamespace, field);
                String role = notBlank(a.getRamRoleARN()) ? roleArn(a.getRamRoleARN(), field + ".ramRoleARN") : null;
                ProviderArn provider = providerArn(a.getOidcProviderARN());
                // An auto-derived provider does not outrank a complete AccessKey (ack-secret-manager 0.6.2+).
                if (role != null && provider != null && (provider.explicit() || keys == null)) {
                    chain.rrsa(oidcTokenFile(a, role, provider.arn(), session, field));
                }
                chain.accessKey(keys);
                if (role != null) {
                    chain.ramRole(role, session);
                }
                chain.workerRole(enableWorkerRole);
            }
            if (notBlank(a.getRemoteRamRoleARN())) {
                KmsAuth.RoleSession remote = session(a.getRemoteRamRoleSessionName(), a.getRoleSessionExpiration(),
                        field + ".remoteRamRoleSessionName", field);
                chain.remoteRole(roleArn(a.getRemoteRamRoleARN(), field + ".remoteRamRoleARN"), remote);
            }
        }
        String where = a == null ? field.substring(0, field.lastIndexOf('.')) : field;
        return check(field, chain::build).orElseThrow(() -> new Invalid(where + " sets no usable sign-in: set "
                + "accessKey/accessKeySecret, serviceAccountRef, or ramRoleARN with oidcProviderARN (or the controller's "
                + "--cluster-id and --uid); the controller's own credentials are not used for a store, and the worker "
                + "role only with --enable-worker-role"));
    }

    /** A role ARN, checked here so that a malformed one is named by its field. */
    private static String roleArn(String value, String field) throws Invalid {
        String arn = value.trim();
        check(field, () -> KmsAuth.assumeRole(KmsAuth.ecsRamRole(null), arn));
        return arn;
    }

    private KmsAuth accessKey(CloudAuth a, String storeNamespace, String field) throws Invalid {
        if (a.getAccessKey() == null && a.getAccessKeySecret() == null) {
            return null;
        }
        if (a.getAccessKey() == null || a.getAccessKeySecret() == null) {
            throw new Invalid(field + ": accessKey and accessKeySecret must be set together");
        }
        String id = read(a.getAccessKey(), storeNamespace, field + ".accessKey");
        String secret = read(a.getAccessKeySecret(), storeNamespace, field + ".accessKeySecret");
        return check(field + ".accessKey", () -> KmsAuth.accessKey(id, secret));
    }

    /** An OIDC provider ARN and whether the store named it (else it came from --cluster-id and --uid). */
    private record ProviderArn(String arn, boolean explicit) {
    }

    /**
     * The store's {@code oidcProviderARN} when it is well formed, else (as ack-secret-manager) the
     * cluster's default {@code acs:ram::<uid>:oidc-provider/ack-rrsa-<cluster-id>} when the controller
     * knows both; else the store's value as written (then refused by name), or none.
     */
    private ProviderArn providerArn(String configured) {
        String given = notBlank(configured) ? configured.trim() : null;
        if (given != null && OIDC_PROVIDER_ARN.matcher(given).matches()) {
            return new ProviderArn(given, true);
        }
        if (clusterId != null && uid != null) {
            return new ProviderArn("acs:ram::" + uid + ":oidc-provider/ack-rrsa-" + clusterId, false);
        }
        return given == null ? null : new ProviderArn(given, true);
    }

    private KmsAuth serviceAccountAuth(CloudAuth a, ServiceAccountRef ref, String storeNamespace,
                                       KmsAuth.RoleSession session, String auth) throws Invalid {
        String field = auth + ".serviceAccountRef";
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
                    + Metadata.ROLE_ARN_ANNOTATION + " (and " + auth + ".ramRoleARN is not set)");
        }
        ProviderArn provider = providerArn(a.getOidcProviderARN());
        if (provider == null) {
            throw new Invalid(auth + ".oidcProviderARN must be set for serviceAccountRef (the controller has no "
                    + "--cluster-id and --uid to derive it from)");
        }
        String providerArn = provider.arn();
        List<String> audiences = ref.getAudiences() == null || ref.getAudiences().isEmpty()
                ? List.of(DEFAULT_AUDIENCE) : List.copyOf(ref.getAudiences());
        Duration expiration = tokenExpiration;
        String role = roleArn.trim();
        return check(field, () -> KmsAuth.oidcTokenSupplier(role, providerArn.trim(),
                () -> access.requestToken(namespace, name, audiences, expiration)).withSession(session));
    }

    private KmsAuth oidcTokenFile(CloudAuth a, String roleArn, String providerArn, KmsAuth.RoleSession session,
                                  String field) throws Invalid {
        Path file = defaultOidcTokenFile;
        if (notBlank(a.getOidcTokenFilePath())) {
            try {
                file = Path.of(a.getOidcTokenFilePath().trim());
            } catch (InvalidPathException e) {
                throw new Invalid(field + ".oidcTokenFilePath is not a valid path");
            }
        }
        Path tokenFile = file;
        return check(field, () -> KmsAuth.oidcTokenFile(roleArn, providerArn, tokenFile).withSession(session));
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

    private KmsAuth.RoleSession session(String sessionName, String expiration, String nameField, String auth)
            throws Invalid {
        KmsAuth.RoleSession session = AckSignIn.defaultSession();
        if (notBlank(sessionName)) {
            String name = sessionName.trim();
            session = check(nameField, () -> AckSignIn.defaultSession().withSessionName(name));
        }
        if (notBlank(expiration)) {
            Duration duration = parseDuration(expiration.trim(), auth + ".roleSessionExpiration");
            KmsAuth.RoleSession base = session;
            session = check(auth + ".roleSessionExpiration", () -> base.withDuration(duration));
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
    private String fingerprint(HasMetadata store, String storeNamespace, KmsProvider kms, OosProvider oos) {
        StringBuilder text = new StringBuilder();
        text.append(store.getMetadata().getUid()).append('|')
                .append(serialization.asJson(store instanceof SecretStore s ? s.getSpec()
                        : ((ClusterSecretStore) store).getSpec()));
        for (String[] ref : references(kms, oos, storeNamespace)) {
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
    private static List<String[]> references(KmsProvider kms, OosProvider oos, String storeNamespace) {
        List<String[]> refs = new ArrayList<>();
        addAuth(refs, kms == null ? null : kms.getKmsAuth(), storeNamespace);
        addAuth(refs, oos == null ? null : oos.getOosAuth(), storeNamespace);
        DedicatedKmsAuth d = kms == null ? null : kms.getDedicatedKmsAuth();
        if (d != null) {
            addSecret(refs, d.getClientKeyContent(), storeNamespace);
            addSecret(refs, d.getPassword(), storeNamespace);
        }
        return refs;
    }

    private static void addAuth(List<String[]> refs, CloudAuth a, String storeNamespace) {
        if (a == null) {
            return;
        }
        addSecret(refs, a.getAccessKey(), storeNamespace);
        addSecret(refs, a.getAccessKeySecret(), storeNamespace);
        ServiceAccountRef sa = a.getServiceAccountRef();
        if (sa != null && sa.getName() != null) {
            refs.add(new String[] {"ServiceAccount", notBlank(sa.getNamespace()) ? sa.getNamespace().trim()
                    : String.valueOf(storeNamespace), sa.getName()});
        }
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
        private Path defaultOidcTokenFile = DEFAULT_OIDC_TOKEN_FILE;
        private String clusterId;
        private String uid;
        private boolean enableWorkerRole;
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

        /**
         * The token file of stores that use RRSA without an {@code oidcTokenFilePath} (default
         * {@link #DEFAULT_OIDC_TOKEN_FILE}, where the chart's {@code rrsa.enable} projects it).
         */
        public Builder defaultOidcTokenFile(Path value) {
            this.defaultOidcTokenFile = Objects.requireNonNull(value, "defaultOidcTokenFile");
            return this;
        }

        /**
         * The cluster id and account id ({@code --cluster-id}, {@code --uid}): with both, a store
         * without a well-formed {@code oidcProviderARN} uses {@code acs:ram::<uid>:oidc-provider/ack-rrsa-<cluster-id>}.
         */
        public Builder cluster(String clusterIdValue, String uidValue) {
            String c = clusterIdValue == null || clusterIdValue.isBlank() ? null : clusterIdValue.trim();
            String u = uidValue == null || uidValue.isBlank() ? null : uidValue.trim();
            if (u != null && !u.matches("\\d{1,19}")) {
                throw new IllegalArgumentException("--uid must be the account id (digits), got '" + u + "'");
            }
            if (c != null && !c.matches("[A-Za-z0-9-]{1,64}")) {
                throw new IllegalArgumentException("--cluster-id must be a cluster id such as c0123abcd, got '" + c + "'");
            }
            this.clusterId = c;
            this.uid = u;
            return this;
        }

        /** The ECS instance RAM role as the last sign-in tier of every store ({@code --enable-worker-role}). */
        public Builder enableWorkerRole(boolean value) {
            this.enableWorkerRole = value;
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
