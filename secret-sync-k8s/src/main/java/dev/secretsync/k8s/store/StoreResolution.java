package dev.secretsync.k8s.store;

import dev.secretsync.kms.KmsStoreConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of resolving a SecretStore or ClusterSecretStore: a KMS store configuration, or the
 * reason it could not be built. The message names the field at fault, never a secret value.
 *
 * @param storeId     the store's id for {@link dev.secretsync.core.SourceRef#store()}
 *                    ({@code SecretStore/<namespace>/<name>} or {@code ClusterSecretStore/<name>})
 * @param config      the configuration, when {@link #ready()}
 * @param reason      {@link #VALID}, {@link #VALIDATION_FAILED}, {@link #INVALID_PROVIDER_CONFIG} or
 *                    {@link #CLIENT_CREATION_FAILED}
 * @param message     what is wrong (or {@code "store is valid"})
 * @param fingerprint identity, spec and credential versions this resolution was built from
 */
public record StoreResolution(String storeId, Optional<KmsStoreConfig> config, String reason, String message,
                              String fingerprint) {

    public static final String VALID = "Valid";
    /** A referenced Secret, key or ServiceAccount is missing or not allowed, or a field is missing. */
    public static final String VALIDATION_FAILED = "ValidationFailed";
    /** Neither or both of KMS and OOS, or a provider secret-sync does not serve (OOS). */
    public static final String INVALID_PROVIDER_CONFIG = "InvalidProviderConfig";
    /** The settings were read but are refused by the KMS client configuration (endpoint, CA, ...). */
    public static final String CLIENT_CREATION_FAILED = "ClientCreationFailed";

    public StoreResolution {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    public boolean ready() {
        return config.isPresent();
    }

    @Override
    public String toString() {
        return "StoreResolution[" + storeId + ", " + reason + ": " + message + "]";
    }
}
