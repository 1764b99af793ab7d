package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import com.aliyun.tea.TeaException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GetSecretValueSdkTest {
    static final String SEED = """
            secrets:
            - name: app-db
              versions:
              - {id: v1, stages: [ACSPrevious], data: '{"password":"old"}'}
              - {id: v2, stages: [ACSCurrent], data: '{"password":"new"}'}
            """;

    static KmsEmulator kms;

    @BeforeAll
    static void start() {
        kms = KmsEmulator.builder().accessKey("ak-test", "sk-test").seed(SEED).build().start();
    }

    @AfterAll
    static void stop() {
        kms.close();
    }

    @Test
    void returnsTheCurrentVersionToTheRealSdkWithAcs3Signature() throws Exception {
        Client client = KmsClients.client(kms, "ak-test", "sk-test");
        GetSecretValueResponseBody body = client.getSecretValue(new GetSecretValueRequest().setSecretName("app-db"))
                .getBody();
        assertThat(body.getSecretData()).isEqualTo("{\"password\":\"new\"}");
        assertThat(body.getVersionId()).isEqualTo("v2");
        assertThat(body.getVersionStages().getVersionStage()).containsExactly("ACSCurrent");
        assertThat(body.getSecretDataType()).isEqualTo("text");
        assertThat(body.getSecretType()).isEqualTo("Generic");
        assertThat(kms.requestCount("GetSecretValue", "app-db")).isPositive();
    }

    @Test
    void wrongSecretIsRefused() {
        Client client = KmsClients.client(kms, "ak-test", "wrong");
        assertThatThrownBy(() -> client.getSecretValue(new GetSecretValueRequest().setSecretName("app-db")))
                .isInstanceOfSatisfying(TeaException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("IncompleteSignature");
                });
    }
}
