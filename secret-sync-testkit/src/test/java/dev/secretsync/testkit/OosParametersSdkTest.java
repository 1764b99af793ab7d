package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oos20190601.Client;
import com.aliyun.oos20190601.models.GetSecretParameterRequest;
import com.aliyun.oos20190601.models.GetSecretParameterResponseBody;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.RuntimeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OOS encrypted parameters through the real oos20190601 SDK (ACS3-HMAC-SHA256, version 2019-06-01). */
class OosParametersSdkTest {
    static final String SEED = """
            parameters:
            - {name: db-password, value: 'CANARY-oos-s3cret'}
            secrets:
            - name: app-db
              versions: [{id: v1, stages: [ACSCurrent], data: kms-value}]
            """;

    @RegisterExtension
    static final KmsEmulatorExtension KMS = KmsEmulatorExtension.withBuilder(b -> b.seed(SEED));

    private static Client oos(String secret) throws Exception {
        Config config = KmsClients.config(KMS.emulator(), KMS.accessKeyId(), secret);
        return new Client(config);
    }

    private static GetSecretParameterResponseBody get(Client client, String name, boolean decrypt) throws Exception {
        return client.getSecretParameterWithOptions(new GetSecretParameterRequest().setName(name)
                .setWithDecryption(decrypt), new RuntimeOptions().setAutoretry(false)).getBody();
    }

    @Test
    void getSecretParameterDecryptsOnlyWhenAsked() throws Exception {
        Client client = oos(KMS.accessKeySecret());
        GetSecretParameterResponseBody body = get(client, "db-password", true);
        assertThat(body.getRequestId()).isNotBlank();
        assertThat(body.getParameter().getName()).isEqualTo("db-password");
        assertThat(body.getParameter().getValue()).isEqualTo("CANARY-oos-s3cret");
        assertThat(body.getParameter().getType()).isEqualTo("Secret");
        assertThat(body.getParameter().getParameterVersion()).isEqualTo(1);
        assertThat(get(client, "db-password", false).getParameter().getValue()).isNull();
        assertThat(KMS.emulator().requestCount("GetSecretParameter", "db-password")).isEqualTo(2);
    }

    @Test
    void aNewValueIsANewVersion() throws Exception {
        KMS.emulator().putParameter("rotating", "one").putParameter("rotating", "two");
        GetSecretParameterResponseBody body = get(oos(KMS.accessKeySecret()), "rotating", true);
        assertThat(body.getParameter().getValue()).isEqualTo("two");
        assertThat(body.getParameter().getParameterVersion()).isEqualTo(2);
    }

    @Test
    void kmsSecretsAndOosParametersAreSeparate() throws Exception {
        assertThatThrownBy(() -> get(oos(KMS.accessKeySecret()), "app-db", true))
                .isInstanceOfSatisfying(TeaException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("EntityNotExists.Parameter");
                    assertThat(e.getStatusCode()).isEqualTo(404);
                });
    }

    @Test
    void signaturesAreChecked() {
        assertThatThrownBy(() -> get(oos("wrong-secret"), "db-password", true))
                .isInstanceOfSatisfying(TeaException.class, e -> assertThat(e.getCode()).isEqualTo("IncompleteSignature"));
    }

    @Test
    void faultsApplyToOosToo() throws Exception {
        KMS.emulator().faults().failNext(1, 503);
        assertThatThrownBy(() -> get(oos(KMS.accessKeySecret()), "db-password", true))
                .isInstanceOfSatisfying(TeaException.class, e -> assertThat(e.getStatusCode()).isEqualTo(503));
        assertThat(get(oos(KMS.accessKeySecret()), "db-password", true).getParameter().getValue())
                .isEqualTo("CANARY-oos-s3cret");
    }
}
