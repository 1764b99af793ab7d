package dev.secretsync.kms;

import com.aliyun.credentials.provider.AlibabaCloudCredentialsProvider;
import com.aliyun.oos20190601.Client;
import com.aliyun.oos20190601.models.GetSecretParameterRequest;
import com.aliyun.oos20190601.models.GetSecretParameterResponseBody;
import dev.secretsync.core.SourceRef;
import java.util.List;

/**
 * GetSecretParameter (with decryption) through the oos20190601 SDK: an OOS encrypted parameter.
 * Version stages and ids of the reference are not sent, as ack-secret-manager sends none; the
 * parameter's own version number becomes the value's version id.
 */
final class OosStoreClient implements StoreClient {

    private final Client client;
    private final AlibabaCloudCredentialsProvider credentials;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    OosStoreClient(KmsStoreConfig store) throws Exception {
        this.credentials = CredentialProviders.create(store.auth(), store);
        this.connectTimeoutMillis = (int) store.connectTimeout().toMillis();
        this.readTimeoutMillis = (int) store.readTimeout().toMillis();
        try {
            this.client = new Client(OpenApiStoreClient.sdkConfig(store, credentials));
        } catch (Exception | Error e) {
            credentials.close();
            throw e;
        }
    }

    @Override
    public FetchedSecret getSecretValue(SourceRef ref) throws Exception {
        GetSecretParameterRequest request = new GetSecretParameterRequest()
                .setName(ref.name())
                .setWithDecryption(true);
        GetSecretParameterResponseBody body = client.getSecretParameterWithOptions(request,
                OpenApiStoreClient.runtime(connectTimeoutMillis, readTimeoutMillis)).getBody();
        GetSecretParameterResponseBody.GetSecretParameterResponseBodyParameter p = body.getParameter();
        if (p == null) {
            return new FetchedSecret(ref.name(), null, null, null, null, null, List.of(), null, null, null, null);
        }
        String version = p.getParameterVersion() == null ? null : String.valueOf(p.getParameterVersion());
        return new FetchedSecret(p.getName(), p.getType(), p.getValue(), "text", version,
                p.getUpdatedDate() != null ? p.getUpdatedDate() : p.getCreatedDate(), List.of(),
                null, null, null, null);
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
