package dev.secretsync.spring.config;

import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.core.spi.SecretSource;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsSecretSource;
import dev.secretsync.kms.KmsStoreConfig;
import java.net.URI;
import java.nio.file.Path;

/** Builds the KMS source and the {@link SecretSync} from {@link SecretSyncProperties}, at start-up or in the context. */
public final class SecretSyncFactory {

    private SecretSyncFactory() {
    }

    /** Whether the properties name a KMS store (a region). */
    public static boolean hasKmsStore(SecretSyncProperties properties) {
        String region = properties.getKms().getRegion();
        return region != null && !region.isBlank();
    }

    /** A KMS source with the configured store as {@value SecretSync#DEFAULT_STORE}. */
    public static KmsSecretSource kmsSource(SecretSyncProperties properties) {
        return new KmsSecretSource().putStore(SecretSync.DEFAULT_STORE, kmsStoreConfig(properties.getKms()));
    }

    static KmsStoreConfig kmsStoreConfig(SecretSyncProperties.Kms kms) {
        KmsStoreConfig.Builder b = KmsStoreConfig.builder()
                .region(kms.getRegion())
                .publicEndpoint(kms.isPublicEndpoint())
                .protocol(kms.getProtocol())
                .allowLoopbackEndpoint(kms.isAllowLoopbackEndpoint())
                .connectTimeout(kms.getConnectTimeout())
                .readTimeout(kms.getReadTimeout())
                .auth(auth(kms.getAuth()));
        if (kms.getEndpoint() != null && !kms.getEndpoint().isBlank()) {
            b.endpoint(kms.getEndpoint());
        }
        if (kms.getCaPem() != null && !kms.getCaPem().isBlank()) {
            b.caPem(kms.getCaPem());
        }
        return b.build();
    }

    static KmsAuth auth(SecretSyncProperties.Auth a) {
        if (a.getKind() == null) {
            throw new IllegalArgumentException("secret-sync.kms.auth.kind is required: one of "
                    + java.util.Arrays.toString(SecretSyncProperties.AuthKind.values()));
        }
        KmsAuth base = switch (a.getKind()) {
            case ACCESS_KEY -> KmsAuth.accessKey(a.getAccessKeyId(), a.getAccessKeySecret());
            case STS_TOKEN -> KmsAuth.stsToken(a.getAccessKeyId(), a.getAccessKeySecret(), a.getSecurityToken());
            case OIDC_TOKEN_FILE -> KmsAuth.oidcTokenFile(a.getRoleArn(), a.getOidcProviderArn(),
                    a.getOidcTokenFile() == null ? null : Path.of(a.getOidcTokenFile()));
            case CREDENTIALS_URI -> KmsAuth.credentialsUri(a.getCredentialsUri() == null ? null : URI.create(a.getCredentialsUri()));
            case ECS_RAM_ROLE -> KmsAuth.ecsRamRole(a.getEcsRoleName() == null || a.getEcsRoleName().isBlank() ? null : a.getEcsRoleName());
            case CLIENT_KEY -> KmsAuth.clientKey(a.getClientKey(), a.getClientKeyPassword());
        };
        boolean roleOnTop = a.getRoleArn() != null && !a.getRoleArn().isBlank()
                && a.getKind() != SecretSyncProperties.AuthKind.OIDC_TOKEN_FILE
                && a.getKind() != SecretSyncProperties.AuthKind.CLIENT_KEY;
        return roleOnTop ? KmsAuth.assumeRole(base, a.getRoleArn()) : base;
    }

    /** A {@link SecretSync} over {@code source} with the configured intervals. */
    public static SecretSync.Builder secretSync(SecretSource source, SecretSyncProperties properties) {
        SecretSync.Builder b = SecretSync.builder(source)
                .refreshInterval(properties.getRefreshInterval())
                .jitter(properties.getJitter())
                .staleReads(properties.getStaleReads())
                .firstReadTimeout(properties.getFirstReadTimeout());
        if (properties.getMaxStaleness() != null) {
            b.maxStaleness(properties.getMaxStaleness());
        }
        return b;
    }
}
