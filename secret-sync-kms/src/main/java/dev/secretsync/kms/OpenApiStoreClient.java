package dev.secretsync.kms;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import dev.secretsync.core.SourceRef;
import java.util.List;

/** GetSecretValue through the kms20160120 SDK (RAM sign-in, shared gateway or instance endpoint). */
final class OpenApiStoreClient extends TeaStoreClient<Client> {

    OpenApiStoreClient(KmsStoreConfig store) throws Exception {
        super(store, Client::new);
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
        GetSecretValueResponseBody body = client.getSecretValueWithOptions(request, runtime()).getBody();
        List<String> stages = body.getVersionStages() == null || body.getVersionStages().getVersionStage() == null
                ? List.of() : List.copyOf(body.getVersionStages().getVersionStage());
        return new FetchedSecret(body.getSecretName(), body.getSecretType(), body.getSecretData(),
                body.getSecretDataType(), body.getVersionId(), body.getCreateTime(), stages,
                body.getLastRotationDate(), body.getNextRotationDate(), body.getAutomaticRotation(),
                body.getRotationInterval());
    }
}
