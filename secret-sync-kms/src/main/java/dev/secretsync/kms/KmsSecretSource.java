package dev.secretsync.kms;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SecretSource;
import dev.secretsync.core.spi.SourceException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads secrets from Alibaba Cloud KMS (GetSecretValue) for the stores registered with it, and OOS
 * encrypted parameters (GetSecretParameter with decryption) for stores configured with
 * {@link KmsStoreConfig.Service#OOS}: each store id routes to its own service, endpoint and sign-in.
 *
 * <p>Each {@link SourceRef#store()} names a store added with {@link #putStore}. A store's SDK
 * client and credential provider are built on its first fetch and reused until the store is
 * replaced or removed; replacing one store with an equal configuration keeps its client, and
 * never touches other stores. Session credentials (AssumeRole, OIDC, credentials URI) are
 * refreshed by credentials-java before they expire.
 *
 * <p>Thread-safe. Failures are thrown as {@link SourceException}s classified for the engine
 * (throttled, retryable, not found, denied, invalid); their messages name the secret, the store and
 * the KMS code, never a secret value or credential.
 *
 * <pre>{@code
 * KmsSecretSource source = new KmsSecretSource();
 * source.putStore("prod", KmsStoreConfig.builder().region("cn-hangzhou")
 *         .auth(KmsAuth.oidcTokenFile(roleArn, providerArn, Path.of(tokenFile))).build());
 * SecretValue value = source.fetch(SourceRef.current("prod", "app-db"));
 * }</pre>
 */
public final class KmsSecretSource implements SecretSource, AutoCloseable {

    /** Metadata key: the secret type (Generic, Rds, RAMCredentials, ECS). */
    public static final String META_SECRET_TYPE = "secretType";
    /** Metadata key: when this version was created (as KMS reports it). */
    public static final String META_CREATE_TIME = "createTime";
    /** Metadata key: the version's stages, comma separated. */
    public static final String META_VERSION_STAGES = "versionStages";
    /** Metadata key: Enabled, Disabled or Invalid. */
    public static final String META_AUTOMATIC_ROTATION = "automaticRotation";
    /** Metadata key: the rotation interval, for example {@code 604800s}. */
    public static final String META_ROTATION_INTERVAL = "rotationInterval";
    /** Metadata key: when KMS last rotated the secret. */
    public static final String META_LAST_ROTATION_DATE = "lastRotationDate";
    /** Metadata key: when KMS will rotate the secret next (also {@link SecretValue#nextRotation()}). */
    public static final String META_NEXT_ROTATION_DATE = "nextRotationDate";

    private final ConcurrentHashMap<String, StoreEntry> stores = new ConcurrentHashMap<>();
    private final AtomicLong clientsBuilt = new AtomicLong();

    /** Adds {@code name}, or replaces its configuration (an equal one keeps the existing client). */
    public KmsSecretSource putStore(String name, KmsStoreConfig config) {
        Checks.text(name, "store name");
        Objects.requireNonNull(config, "config");
        StoreEntry[] replaced = new StoreEntry[1];
        stores.compute(name, (key, current) -> {
            if (current != null && current.config.equals(config)) {
                return current;
            }
            replaced[0] = current;
            return new StoreEntry(config);
        });
        if (replaced[0] != null) {
            replaced[0].close();
        }
        return this;
    }

    /** Removes {@code name}; later fetches for it fail as INVALID. Returns whether it was there. */
    public boolean removeStore(String name) {
        StoreEntry removed = stores.remove(name);
        if (removed != null) {
            removed.close();
        }
        return removed != null;
    }

    /** The names of the registered stores. */
    public Set<String> storeNames() {
        return new TreeSet<>(stores.keySet());
    }

    @Override
    public SecretValue fetch(SourceRef ref) throws SourceException {
        StoreEntry entry = stores.get(ref.store());
        if (entry == null) {
            throw new SourceException(FailureKind.INVALID, "UnknownStore", "secret '" + ref.name()
                    + "' names store '" + ref.store() + "', which is not configured (known: " + storeNames() + ")");
        }
        StoreClient client = entry.client(ref);
        FetchedSecret fetched;
        try {
            fetched = client.getSecretValue(ref);
        } catch (Exception e) {
            throw KmsErrors.classify(e, ref, entry.secrets, entry.config.service());
        }
        return toValue(fetched, ref, entry.config.service());
    }

    /** The service of store {@code name} (KMS or OOS), if it is registered. */
    public Optional<KmsStoreConfig.Service> service(String name) {
        StoreEntry entry = stores.get(name);
        return entry == null ? Optional.empty() : Optional.of(entry.config.service());
    }

    /** Closes every store's credential refreshers. */
    @Override
    public void close() {
        for (String name : List.copyOf(stores.keySet())) {
            removeStore(name);
        }
    }

    /** How many SDK clients this source has built (tests check that clients are reused). */
    long clientsBuilt() {
        return clientsBuilt.get();
    }

    /** The built client of {@code store}, or {@code null} (tests check identity across replacements). */
    StoreClient builtClient(String store) {
        StoreEntry entry = stores.get(store);
        return entry == null ? null : entry.client;
    }

    private static SecretValue toValue(FetchedSecret f, SourceRef ref, KmsStoreConfig.Service service)
            throws SourceException {
        if (f.secretData() == null) {
            throw new SourceException(FailureKind.RETRYABLE, "EmptyResponse", service == KmsStoreConfig.Service.OOS
                    ? "OOS answered GetSecretParameter for parameter '" + ref.name() + "' in store '" + ref.store()
                            + "' without a value"
                    : "KMS answered GetSecretValue for secret '" + ref.name() + "' in store '" + ref.store()
                            + "' without SecretData");
        }
        SecretValue value;
        if ("binary".equalsIgnoreCase(f.secretDataType())) {
            byte[] bytes;
            try {
                bytes = Base64.getMimeDecoder().decode(f.secretData());
            } catch (IllegalArgumentException e) {
                throw new SourceException(FailureKind.INVALID, "InvalidBinaryData", "KMS returned binary secret '"
                        + ref.name() + "' in store '" + ref.store() + "' with data that is not base64");
            }
            value = SecretValue.binary(bytes, f.versionId());
        } else {
            value = SecretValue.text(f.secretData(), f.versionId());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        put(metadata, META_SECRET_TYPE, f.secretType());
        put(metadata, META_CREATE_TIME, f.createTime());
        if (!f.versionStages().isEmpty()) {
            metadata.put(META_VERSION_STAGES, String.join(",", f.versionStages()));
        }
        put(metadata, META_AUTOMATIC_ROTATION, f.automaticRotation());
        put(metadata, META_ROTATION_INTERVAL, f.rotationInterval());
        put(metadata, META_LAST_ROTATION_DATE, f.lastRotationDate());
        put(metadata, META_NEXT_ROTATION_DATE, f.nextRotationDate());
        value = value.withMetadata(metadata);
        Instant next = parseInstant(f.nextRotationDate());
        return next == null ? value : value.withNextRotation(next);
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    /** KMS dates are ISO-8601 ("2020-02-21T15:39:26Z", sometimes with an offset); others are ignored. */
    static Instant parseInstant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text.trim()).toInstant();
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    /** One store: its configuration and, once built, its client. */
    private final class StoreEntry {
        final KmsStoreConfig config;
        final List<String> secrets;
        private volatile StoreClient client;
        private boolean closed;

        StoreEntry(KmsStoreConfig config) {
            this.config = config;
            this.secrets = CredentialProviders.secretsOf(config.auth());
        }

        StoreClient client(SourceRef ref) throws SourceException {
            StoreClient c = client;
            if (c != null) {
                return c;
            }
            synchronized (this) {
                if (closed) {
                    throw new SourceException(FailureKind.RETRYABLE, "StoreReplaced", "store '" + ref.store()
                            + "' was replaced while fetching secret '" + ref.name() + "'");
                }
                if (client == null) {
                    try {
                        client = config.service() == KmsStoreConfig.Service.OOS ? new OosStoreClient(config)
                                : config.auth() instanceof KmsAuth.ClientKey key ? new ClientKeyStoreClient(config, key)
                                : new OpenApiStoreClient(config);
                        clientsBuilt.incrementAndGet();
                    } catch (Exception | LinkageError e) {
                        // Not cached: a later fetch tries again (a token file may appear, a role may be granted).
                        throw KmsErrors.clientSetupFailure(e, ref, secrets, config.service());
                    }
                }
                return client;
            }
        }

        synchronized void close() {
            closed = true;
            if (client != null) {
                client.close();
            }
        }
    }
}
