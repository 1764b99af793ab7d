package dev.secretsync.kms;

import com.aliyun.credentials.provider.AlibabaCloudCredentialsProvider;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.RuntimeOptions;

/**
 * What the tea-based SDK clients (kms20160120, oos20190601) of a store share: the credential
 * provider built from the store's sign-in, the SDK client built on it, and the per-call runtime
 * options.
 *
 * @param <C> the SDK client
 */
abstract class TeaStoreClient<C> implements StoreClient {

    /** An SDK client constructor, such as {@code com.aliyun.kms20160120.Client::new}. */
    @FunctionalInterface
    interface SdkClientFactory<C> {
        C create(Config config) throws Exception;
    }

    private final AlibabaCloudCredentialsProvider credentials;
    protected final C client;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    TeaStoreClient(KmsStoreConfig store, SdkClientFactory<C> factory) throws Exception {
        this.credentials = CredentialProviders.create(store.auth(), store);
        this.connectTimeoutMillis = (int) store.connectTimeout().toMillis();
        this.readTimeoutMillis = (int) store.readTimeout().toMillis();
        try {
            this.client = factory.create(sdkConfig(store, credentials));
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** The tea configuration of a store (KMS or OOS): endpoint, protocol, timeouts, trusted CA, sign-in. */
    static Config sdkConfig(KmsStoreConfig store, AlibabaCloudCredentialsProvider credentials) {
        Config config = new Config()
                .setCredential(new com.aliyun.credentials.Client(credentials))
                .setRegionId(store.region())
                .setEndpoint(store.endpoint())
                .setProtocol(store.protocol().name())
                .setConnectTimeout((int) store.connectTimeout().toMillis())
                .setReadTimeout((int) store.readTimeout().toMillis());
        String ca = store.trustedCaPem();
        if (ca != null) {
            config.setCa(ca);
        }
        return config;
    }

    /** The engine retries with backoff and rate limits; the SDK must not retry on its own. */
    RuntimeOptions runtime() {
        return new RuntimeOptions()
                .setAutoretry(false)
                .setConnectTimeout(connectTimeoutMillis)
                .setReadTimeout(readTimeoutMillis);
    }

    @Override
    public void close() {
        try {
            credentials.close();
        } catch (Exception ignored) {
            // closing a refresher cannot fail in a way worth reporting
        }
    }
}
