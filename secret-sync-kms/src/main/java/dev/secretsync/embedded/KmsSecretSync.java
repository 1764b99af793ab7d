package dev.secretsync.embedded;

import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.kms.KmsSecretSource;
import dev.secretsync.kms.KmsStoreConfig;
import java.util.Objects;

/**
 * {@link SecretSync} with Alibaba Cloud KMS as the source: the usual way to embed secret-sync.
 *
 * <pre>{@code
 * try (SecretSync secrets = KmsSecretSync.builder(KmsStoreConfig.builder()
 *                 .region("cn-hangzhou")
 *                 .auth(KmsAuth.oidcTokenFile(roleArn, providerArn, tokenFile))
 *                 .build())
 *         .refreshInterval(Duration.ofMinutes(5))
 *         .build()) {
 *     String password = secrets.getJsonField("app-db", "password");
 * }
 * }</pre>
 *
 * (Kept outside {@code dev.secretsync.kms}, whose public surface is the source and its settings.)
 */
public final class KmsSecretSync {

    private KmsSecretSync() {
    }

    /**
     * A builder whose source reads the store {@value SecretSync#DEFAULT_STORE} from KMS with
     * {@code config}. The source is closed with the {@link SecretSync}.
     */
    public static SecretSync.Builder builder(KmsStoreConfig config) {
        Objects.requireNonNull(config, "config");
        KmsSecretSource source = new KmsSecretSource().putStore(SecretSync.DEFAULT_STORE, config);
        return SecretSync.builder(source).closeSource(true);
    }
}
