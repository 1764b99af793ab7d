package dev.secretsync.kms;

import com.aliyun.dkms.gcs.openapi.models.Config;
import com.aliyun.dkms.gcs.openapi.util.models.RuntimeOptions;
import com.aliyun.dkms.gcs.sdk.Client;
import com.aliyun.dkms.gcs.sdk.models.GetSecretValueRequest;
import com.aliyun.dkms.gcs.sdk.models.GetSecretValueResponse;
import dev.secretsync.core.SourceRef;
import java.util.List;
import java.util.Locale;

/** GetSecretValue on a KMS instance endpoint with a Client Key, through the dkms-gcs SDK. */
final class ClientKeyStoreClient implements StoreClient {

    private final Client client;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    ClientKeyStoreClient(KmsStoreConfig store, KmsAuth.ClientKey key) throws Exception {
        this.connectTimeoutMillis = (int) store.connectTimeout().toMillis();
        this.readTimeoutMillis = (int) store.readTimeout().toMillis();
        Config config = new Config()
                .setClientKeyContent(key.clientKeyContent())
                .setPassword(key.password())
                .setEndpoint(store.endpoint())
                .setRegionId(store.region())
                .setProtocol(store.protocol().name().toLowerCase(Locale.ROOT))
                .setConnectTimeout(connectTimeoutMillis)
                .setReadTimeout(readTimeoutMillis);
        if (store.caPem() != null) {
            config.setCa(store.caPem());
        }
        try {
            this.client = new Client(config);
        } catch (Exception e) {
            // The SDK's own message says little (often just EOFException) and may quote key material.
            throw new IllegalArgumentException("the client key could not be loaded (is it the client key file's "
                    + "content, and is the password right?): " + e.getClass().getSimpleName());
        }
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
        RuntimeOptions runtime = new RuntimeOptions();
        runtime.autoretry = false;
        runtime.connectTimeout = connectTimeoutMillis;
        runtime.readTimeout = readTimeoutMillis;
        GetSecretValueResponse r = client.getSecretValueWithOptions(request, runtime);
        return new FetchedSecret(r.getSecretName(), r.getSecretType(), r.getSecretData(), r.getSecretDataType(),
                r.getVersionId(), r.getCreateTime(),
                r.getVersionStages() == null ? List.of() : List.copyOf(r.getVersionStages()),
                r.getLastRotationDate(), r.getNextRotationDate(), r.getAutomaticRotation(),
                r.getRotationInterval());
    }

    @Override
    public void close() {
        // The dkms client holds no refresher or pool of its own.
    }
}
