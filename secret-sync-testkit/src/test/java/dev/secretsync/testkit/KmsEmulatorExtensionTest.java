package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The annotation form: the emulator and a configured SDK client are injected. */
@KmsEmulatorTest(seed = "kms-seed.yaml")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KmsEmulatorExtensionTest {

    @Test
    void injectsARunningEmulatorAndAConfiguredClient(KmsEmulator kms, Client client) throws Exception {
        assertThat(kms.endpoint()).startsWith("127.0.0.1:");
        assertThat(client.getSecretValue(new GetSecretValueRequest().setSecretName("app-db")).getBody()
                .getSecretData()).isEqualTo("{\"password\":\"new\"}");
        String key = client.getSecretValue(new GetSecretValueRequest().setSecretName("app-key")).getBody()
                .getSecretData();
        assertThat(new String(Base64.getDecoder().decode(key), StandardCharsets.UTF_8)).isEqualTo("secret-bytes");
        assertThat(kms.requestCount("GetSecretValue")).isEqualTo(2);
    }

    @Test
    @Order(1)
    void countersAndFaultsAreResetBeforeEachTest(KmsEmulator kms) {
        assertThat(kms.requestCount("GetSecretValue")).isZero();
        kms.faults().qpsLimit(1);
    }

    @Test
    @Order(2)
    void faultsFromAnotherTestAreGone(KmsEmulator kms, Client client) throws Exception {
        for (int i = 0; i < 3; i++) {
            client.getSecretValue(new GetSecretValueRequest().setSecretName("app-db"));
        }
        assertThat(kms.faults().injected(Faults.Kind.THROTTLED)).isZero();
    }

    @Nested
    class NestedTests {
        @Test
        void shareTheOuterEmulator(KmsEmulator kms, Client client) throws Exception {
            assertThat(client.getSecretValue(new GetSecretValueRequest().setSecretName("app-db")).getBody()
                    .getVersionId()).isEqualTo("v2");
            assertThat(kms.requestCount("GetSecretValue")).isEqualTo(1);
        }
    }
}
