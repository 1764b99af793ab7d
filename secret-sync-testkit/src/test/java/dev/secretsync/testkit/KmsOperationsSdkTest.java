package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretResponseBody;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsResponseBody;
import com.aliyun.kms20160120.models.ListSecretsRequest;
import com.aliyun.kms20160120.models.ListSecretsResponseBody;
import com.aliyun.kms20160120.models.PutSecretValueRequest;
import com.aliyun.kms20160120.models.PutSecretValueResponseBody;
import com.aliyun.tea.TeaException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every operation through the real kms20160120 SDK (ACS3-HMAC-SHA256) over a real socket. */
class KmsOperationsSdkTest {
    static final String SEED = """
            secrets:
            - name: app-db
              description: database login
              rotationInterval: 604800s
              nextRotationDate: '2030-01-01T00:00:00Z'
              lastRotationDate: '2029-12-25T00:00:00Z'
              extendedConfig: {SecretSubType: SingleUser}
              tags: {team: payments, env: prod}
              versions:
              - {id: v1, stages: [ACSPrevious], data: '{"password":"old"}', createTime: '2029-01-01T00:00:00Z'}
              - {id: v2, stages: [ACSCurrent, blue], data: '{"password":"new"}'}
              - {id: v0, stages: [], data: 'deprecated'}
            - name: app-cert
              dataType: binary
              versions:
              - {id: c1, stages: [ACSCurrent], data: 'AAECAwQ='}
            - name: other-1
              versions: [{id: a, stages: [ACSCurrent], data: x}]
            - name: other-2
              versions: [{id: a, stages: [ACSCurrent], data: x}]
            - name: other-3
              versions: [{id: a, stages: [ACSCurrent], data: x}]
            """;

    @RegisterExtension
    static final KmsEmulatorExtension KMS = KmsEmulatorExtension.withBuilder(b -> b.seed(SEED));

    @Test
    void getSecretValueByStageVersionIdAndArn(Client client) throws Exception {
        GetSecretValueResponseBody current = client.getSecretValue(
                new GetSecretValueRequest().setSecretName("app-db")).getBody();
        assertThat(current.getSecretData()).isEqualTo("{\"password\":\"new\"}");
        assertThat(current.getVersionStages().getVersionStage()).containsExactly("ACSCurrent", "blue");
        assertThat(current.getRequestId()).isNotBlank();
        assertThat(current.getCreateTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(current.getRotationInterval()).as("only with FetchExtendedConfig").isNull();

        GetSecretValueResponseBody previous = client.getSecretValue(
                new GetSecretValueRequest().setSecretName("app-db").setVersionStage("ACSPrevious")).getBody();
        assertThat(previous.getVersionId()).isEqualTo("v1");
        assertThat(previous.getCreateTime()).isEqualTo("2029-01-01T00:00:00Z");

        GetSecretValueResponseBody custom = client.getSecretValue(
                new GetSecretValueRequest().setSecretName("app-db").setVersionStage("blue")).getBody();
        assertThat(custom.getVersionId()).isEqualTo("v2");

        GetSecretValueResponseBody byId = client.getSecretValue(
                new GetSecretValueRequest().setSecretName("app-db").setVersionId("v0")).getBody();
        assertThat(byId.getSecretData()).isEqualTo("deprecated");
        assertThat(byId.getVersionStages().getVersionStage()).isEmpty();

        GetSecretValueResponseBody byArn = client.getSecretValue(new GetSecretValueRequest()
                .setSecretName("acs:kms:cn-hangzhou:1234567890123456:secret/app-db")).getBody();
        assertThat(byArn.getSecretName()).isEqualTo("app-db");
        assertThat(byArn.getVersionId()).isEqualTo("v2");
    }

    @Test
    void fetchExtendedConfigAddsRotationFields(Client client) throws Exception {
        GetSecretValueResponseBody body = client.getSecretValue(
                new GetSecretValueRequest().setSecretName("app-db").setFetchExtendedConfig(true)).getBody();
        assertThat(body.getRotationInterval()).isEqualTo("604800s");
        assertThat(body.getNextRotationDate()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(body.getLastRotationDate()).isEqualTo("2029-12-25T00:00:00Z");
        assertThat(body.getAutomaticRotation()).isEqualTo("Enabled");
        assertThat(body.getExtendedConfig()).isEqualTo("{\"SecretSubType\":\"SingleUser\"}");
    }

    @Test
    void binarySecretsComeBackAsBase64(Client client) throws Exception {
        GetSecretValueResponseBody body = client.getSecretValue(
                new GetSecretValueRequest().setSecretName("app-cert")).getBody();
        assertThat(body.getSecretDataType()).isEqualTo("binary");
        assertThat(Base64.getDecoder().decode(body.getSecretData())).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void missingSecretAndStageAreNotFound(Client client) {
        assertThatThrownBy(() -> client.getSecretValue(new GetSecretValueRequest().setSecretName("nope")))
                .isInstanceOfSatisfying(TeaException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("Forbidden.ResourceNotFound");
                });
        assertThatThrownBy(() -> client.getSecretValue(
                new GetSecretValueRequest().setSecretName("app-cert").setVersionStage("ACSPrevious")))
                .isInstanceOfSatisfying(TeaException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    @Test
    void describeSecret(Client client) throws Exception {
        DescribeSecretResponseBody body = client.describeSecret(
                new DescribeSecretRequest().setSecretName("app-db").setFetchTags("true")).getBody();
        assertThat(body.getSecretName()).isEqualTo("app-db");
        assertThat(body.getArn()).isEqualTo("acs:kms:cn-hangzhou:1234567890123456:secret/app-db");
        assertThat(body.getDescription()).isEqualTo("database login");
        assertThat(body.getSecretType()).isEqualTo("Generic");
        assertThat(body.getRotationInterval()).isEqualTo("604800s");
        assertThat(body.getAutomaticRotation()).isEqualTo("Enabled");
        assertThat(body.getNextRotationDate()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(body.getTags().getTag()).extracting(t -> t.getTagKey() + "=" + t.getTagValue())
                .containsExactlyInAnyOrder("team=payments", "env=prod");
    }

    @Test
    void listSecretsWithFiltersAndPaging(Client client) throws Exception {
        ListSecretsResponseBody all = client.listSecrets(new ListSecretsRequest()).getBody();
        assertThat(all.getTotalCount()).isGreaterThanOrEqualTo(5); // other tests add secrets
        assertThat(all.getPageSize()).isEqualTo(10);

        ListSecretsResponseBody page2 = client.listSecrets(new ListSecretsRequest().setPageSize(2).setPageNumber(2)
                .setFilters("[{\"Key\":\"SecretName\",\"Values\":[\"other-\"]}]")).getBody();
        assertThat(page2.getTotalCount()).isEqualTo(3);
        assertThat(page2.getPageNumber()).isEqualTo(2);
        assertThat(page2.getPageSize()).isEqualTo(2);
        assertThat(page2.getSecretList().getSecret()).extracting(s -> s.getSecretName())
                .containsExactly("other-3");

        ListSecretsResponseBody filtered = client.listSecrets(new ListSecretsRequest()
                .setFilters("[{\"Key\":\"SecretName\",\"Values\":[\"other\"]},{\"Key\":\"SecretName\",\"Values\":[\"-2\",\"-3\"]}]"))
                .getBody();
        assertThat(filtered.getSecretList().getSecret()).extracting(s -> s.getSecretName())
                .containsExactly("other-2", "other-3");

        ListSecretsResponseBody byTag = client.listSecrets(new ListSecretsRequest().setFetchTags("true")
                .setFilters("[{\"Key\":\"TagKey\",\"Values\":[\"team\"]}]")).getBody();
        assertThat(byTag.getSecretList().getSecret()).singleElement().satisfies(s -> {
            assertThat(s.getSecretName()).isEqualTo("app-db");
            assertThat(s.getTags().getTag()).hasSize(2);
        });

        assertThatThrownBy(() -> client.listSecrets(new ListSecretsRequest().setFilters("not json")))
                .isInstanceOfSatisfying(TeaException.class, e -> assertThat(e.getCode()).isEqualTo("InvalidParameter"));
        assertThatThrownBy(() -> client.listSecrets(new ListSecretsRequest().setPageSize(101)))
                .isInstanceOfSatisfying(TeaException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
    }

    @Test
    void listSecretVersionIds(Client client) throws Exception {
        ListSecretVersionIdsResponseBody live = client.listSecretVersionIds(
                new ListSecretVersionIdsRequest().setSecretName("app-db")).getBody();
        assertThat(live.getVersionIds().getVersionId()).extracting(v -> v.getVersionId()).containsExactly("v1", "v2");
        assertThat(live.getTotalCount()).isEqualTo(2);
        assertThat(live.getVersionIds().getVersionId().get(1).getVersionStages().getVersionStage())
                .containsExactly("ACSCurrent", "blue");

        ListSecretVersionIdsResponseBody all = client.listSecretVersionIds(new ListSecretVersionIdsRequest()
                .setSecretName("app-db").setIncludeDeprecated("true").setPageSize(2).setPageNumber(2)).getBody();
        assertThat(all.getTotalCount()).isEqualTo(3);
        assertThat(all.getVersionIds().getVersionId()).extracting(v -> v.getVersionId()).containsExactly("v0");
    }

    @Test
    void putSecretValueMovesStagesLikeKms(Client client) throws Exception {
        KMS.emulator().createSecret("rotating", "r1", "one");
        PutSecretValueResponseBody put = client.putSecretValue(new PutSecretValueRequest().setSecretName("rotating")
                .setVersionId("r2").setSecretData("two").setVersionStages("[\"ACSCurrent\"]")).getBody();
        assertThat(put.getVersionId()).isEqualTo("r2");
        assertThat(put.getVersionStages().getVersionStage()).containsExactly("ACSCurrent");

        assertThat(client.getSecretValue(new GetSecretValueRequest().setSecretName("rotating")).getBody()
                .getSecretData()).isEqualTo("two");
        assertThat(client.getSecretValue(new GetSecretValueRequest().setSecretName("rotating")
                .setVersionStage("ACSPrevious")).getBody().getVersionId()).isEqualTo("r1");

        client.putSecretValue(new PutSecretValueRequest().setSecretName("rotating").setVersionId("r3")
                .setSecretData("AAE=").setSecretDataType("binary"));
        List<String> ids = client.listSecretVersionIds(new ListSecretVersionIdsRequest().setSecretName("rotating")
                .setIncludeDeprecated("true")).getBody().getVersionIds().getVersionId().stream()
                .map(v -> v.getVersionId() + ":" + v.getVersionStages().getVersionStage()).toList();
        assertThat(ids).containsExactly("r1:[]", "r2:[ACSPrevious]", "r3:[ACSCurrent]");
        assertThat(client.getSecretValue(new GetSecretValueRequest().setSecretName("rotating")).getBody()
                .getSecretDataType()).isEqualTo("binary");
        assertThat(client.getSecretValue(new GetSecretValueRequest().setSecretName("rotating")
                .setVersionStage("ACSPrevious")).getBody().getSecretDataType()).as("each version keeps its type")
                .isEqualTo("text");

        assertThatThrownBy(() -> client.putSecretValue(new PutSecretValueRequest().setSecretName("rotating")
                .setVersionId("r3").setSecretData("again")))
                .isInstanceOfSatisfying(TeaException.class, e -> assertThat(e.getCode()).isEqualTo("Rejected.ResourceExist"));
        assertThatThrownBy(() -> client.putSecretValue(new PutSecretValueRequest().setSecretName("missing")
                .setVersionId("x").setSecretData("y")))
                .isInstanceOfSatisfying(TeaException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    @Test
    void adminRotateAndBinaryPut(Client client) throws Exception {
        KmsEmulator kms = KMS.emulator();
        kms.createSecret("svc", "s1", "first");
        String newVersion = kms.rotate("svc", "second");
        GetSecretValueResponseBody current = client.getSecretValue(new GetSecretValueRequest().setSecretName("svc"))
                .getBody();
        assertThat(current.getVersionId()).isEqualTo(newVersion);
        assertThat(current.getSecretData()).isEqualTo("second");
        assertThat(client.getSecretValue(new GetSecretValueRequest().setSecretName("svc")
                .setVersionStage("ACSPrevious")).getBody().getVersionId()).isEqualTo("s1");

        kms.putSecretValue("blob", "b1", "hi".getBytes(StandardCharsets.UTF_8), "ACSCurrent");
        GetSecretValueResponseBody blob = client.getSecretValue(new GetSecretValueRequest().setSecretName("blob"))
                .getBody();
        assertThat(blob.getSecretDataType()).isEqualTo("binary");
        assertThat(new String(Base64.getDecoder().decode(blob.getSecretData()), StandardCharsets.UTF_8)).isEqualTo("hi");

        String binaryVersion = kms.rotate("svc", new byte[] {9, 8});
        GetSecretValueResponseBody rotatedToBinary = client.getSecretValue(
                new GetSecretValueRequest().setSecretName("svc")).getBody();
        assertThat(rotatedToBinary.getVersionId()).isEqualTo(binaryVersion);
        assertThat(Base64.getDecoder().decode(rotatedToBinary.getSecretData())).containsExactly(9, 8);

        assertThatThrownBy(() -> kms.rotate("no-such-secret", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
