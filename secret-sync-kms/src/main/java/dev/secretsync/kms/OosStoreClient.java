package dev.secretsync.kms;

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
final class OosStoreClient extends TeaStoreClient<Client> {

    OosStoreClient(KmsStoreConfig store) throws Exception {
        super(store, Client::new);
    }

    @Override
    public FetchedSecret getSecretValue(SourceRef ref) throws Exception {
        GetSecretParameterRequest request = new GetSecretParameterRequest()
                .setName(ref.name())
                .setWithDecryption(true);
        GetSecretParameterResponseBody.GetSecretParameterResponseBodyParameter p =
                client.getSecretParameterWithOptions(request, runtime()).getBody().getParameter();
        if (p == null) {
            return new FetchedSecret(ref.name(), null, null, null, null, null, List.of(), null, null, null, null);
        }
        String version = p.getParameterVersion() == null ? null : String.valueOf(p.getParameterVersion());
        return new FetchedSecret(p.getName(), p.getType(), p.getValue(), "text", version,
                p.getUpdatedDate() != null ? p.getUpdatedDate() : p.getCreatedDate(), List.of(),
                null, null, null, null);
    }
}
