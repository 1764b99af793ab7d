package dev.secretsync.kms;

import com.aliyun.credentials.provider.AlibabaCloudCredentialsProvider;
import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.RuntimeOptions;
import dev.secretsync.core.SourceRef;
import java.util.List;

/** GetSecretValue through the kms20160120 SDK (RAM sign-in, shared gateway or instance endpoint). */
final class OpenApiStoreClient implements StoreClient {

    private final Client client;
    private final AlibabaCloudCredentialsProvider credentials;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    OpenApiStoreClient(KmsStoreConfig store) throws Exception {
        this.credentials = CredentialProviders.create(store.auth(), store);
        this.connectTimeoutMillis = (int) store.connectTimeout().toMillis();
        this.readTimeoutMillis = (int) store.readTimeout().toMillis();
        try {
            this.client = new Client(sdkConfig(store, credentials));
        } catch (Exception | Error e) {
            credentials.close();
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
    static RuntimeOptions runtime(int connectTimeoutMillis, int readTimeoutMillis) {
        return new RuntimeOptions()
                .setAutoretry(false)
                .setConnectTimeout(connectTimeoutMillis)
                .setReadTimeout(readTimeoutMillis);
    }

    @Override
    public FetchedSecret getSecretValue(SourceRef ref) throws Exception {
        GetSecretValueRequest request = new GetSecretValueRequest()
                .setSecretName(ref.name())
                .setFetchExtendedConfig(true);
        if (ref.versionStage() != null) {
            request.setVersionStage(ref.versionStage());
        }
        if (ref.versionId() != null) {
            request.setVersionId(ref.versionId());
        }
        GetSecretValueResponseBody body = client.getSecretValueWithOptions(request,
                runtime(connectTimeoutMillis, readTimeoutMillis)).getBody();
        List<String> stages = body.getVersionStages() == null || body.getVersionStages().getVersionStage() == null
                ? List.of() : List.copyOf(body.getVersionStages().getVersionStage());
        return new FetchedSecret(body.getSecretName(), body.getSecretType(), body.getSecretData(),
                body.getSecretDataType(), body.getVersionId(), body.getCreateTime(), stages,
                body.getLastRotationDate(), body.getNextRotationDate(), body.getAutomaticRotation(),
                body.getRotationInterval());
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
