package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.dkms.gcs.openapi.models.Config;
import com.aliyun.dkms.gcs.openapi.util.models.RuntimeOptions;
import com.aliyun.dkms.gcs.sdk.Client;
import com.aliyun.dkms.gcs.sdk.models.GetSecretValueRequest;
import com.aliyun.dkms.gcs.sdk.models.GetSecretValueResponse;
import com.aliyun.tea.TeaException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with the SDK's Config.setCa, and the KMS instance Client Key path through the real dkms SDK. */
class HttpsAndClientKeyTest {
    static final String SEED = """
            secrets:
            - name: app-db
              rotationInterval: 86400s
              nextRotationDate: '2030-01-01T00:00:00Z'
              extendedConfig: '{"k":"v"}'
              versions:
              - {id: v1, stages: [ACSPrevious], data: old}
              - {id: v2, stages: [ACSCurrent], data: new}
            """;

    static KmsEmulator kms;

    @BeforeAll
    static void start() {
        kms = KmsEmulator.builder().accessKey("ak", "sk").seed(SEED).https(true).build().start();
    }

    @AfterAll
    static void stop() {
        kms.close();
    }

    @Test
    void kmsSdkOverHttpsTrustsTheEmulatorThroughSetCa() throws Exception {
        assertThat(kms.isHttps()).isTrue();
        assertThat(kms.url()).startsWith("https://127.0.0.1:");
        assertThat(kms.caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        com.aliyun.kms20160120.Client client = KmsClients.client(kms, "ak", "sk");
        assertThat(client.getSecretValue(new com.aliyun.kms20160120.models.GetSecretValueRequest()
                .setSecretName("app-db")).getBody().getSecretData()).isEqualTo("new");
    }

    @Test
    void withoutTheCaTheSdkRefusesTheCertificate() {
        // tea caches one OkHttp client per host:port and timeouts, and the CA is not part of that key:
        // an odd read timeout makes sure this client gets its own, CA-less OkHttp client.
        com.aliyun.teaopenapi.models.Config noCa = KmsClients.config(kms, "ak", "sk").setCa(null)
                .setReadTimeout(9_871);
        com.aliyun.kms20160120.Client client = KmsClients.client(noCa);
        assertThatThrownBy(() -> client.getSecretValue(new com.aliyun.kms20160120.models.GetSecretValueRequest()
                .setSecretName("app-db"))).satisfies(e -> assertThat(String.valueOf(e) + e.getCause())
                .containsAnyOf("PKIX", "certificate", "SSL"));
    }

    static Client dkms(ClientKey key, String protocol, KmsEmulator emulator) throws Exception {
        Config config = new Config().setProtocol(protocol).setEndpoint(emulator.endpoint())
                .setClientKeyContent(key.clientKeyContent()).setPassword(key.password());
        if (protocol.equals("https")) {
            config.setCa(emulator.caCertificatePem());
        }
        return new Client(config);
    }

    static RuntimeOptions noRetry() {
        RuntimeOptions runtime = new RuntimeOptions();
        runtime.autoretry = false;
        return runtime;
    }

    @Test
    void clientKeyGetSecretValueThroughTheDkmsSdk() throws Exception {
        ClientKey key = kms.createClientKey();
        assertThat(key.keyId()).startsWith("KAAP.");
        Client client = dkms(key, "https", kms);
        long before = kms.requestCount("GetSecretValue", "app-db");

        GetSecretValueResponse current = client.getSecretValueWithOptions(
                new GetSecretValueRequest().setSecretName("app-db"), noRetry());
        assertThat(current.getSecretData()).isEqualTo("new");
        assertThat(current.getVersionId()).isEqualTo("v2");
        assertThat(current.getVersionStages()).containsExactly("ACSCurrent");
        assertThat(current.getSecretDataType()).isEqualTo("text");
        assertThat(current.getRequestId()).isNotBlank();
        assertThat(current.getRotationInterval()).isEmpty();

        GetSecretValueResponse previous = client.getSecretValueWithOptions(new GetSecretValueRequest()
                .setSecretName("app-db").setVersionStage("ACSPrevious").setFetchExtendedConfig(true), noRetry());
        assertThat(previous.getSecretData()).isEqualTo("old");
        assertThat(previous.getRotationInterval()).isEqualTo("86400s");
        assertThat(previous.getNextRotationDate()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(previous.getExtendedConfig()).isEqualTo("{\"k\":\"v\"}");
        assertThat(previous.getAutomaticRotation()).isEqualTo("Enabled");
        assertThat(kms.requestCount("GetSecretValue", "app-db")).isEqualTo(before + 2);
    }

    @Test
    void clientKeyFileOverPlainHttp(@TempDir Path dir) throws Exception {
        try (KmsEmulator plain = KmsEmulator.builder().seed(SEED).build().start()) {
            ClientKey key = plain.createClientKey();
            Path file = key.writeTo(dir.resolve("clientKey.json"));
            Client client = new Client(new Config().setProtocol("http").setEndpoint(plain.endpoint())
                    .setClientKeyFile(file.toString()).setPassword(key.password()));
            assertThat(client.getSecretValueWithOptions(new GetSecretValueRequest().setSecretName("app-db"),
                    noRetry()).getSecretData()).isEqualTo("new");
        }
    }

    @Test
    void unknownClientKeyAndMissingSecretAreErrors() throws Exception {
        ClientKey stranger = ClientKey.generate("KAAP.stranger");
        assertThatThrownBy(() -> dkms(stranger, "https", kms).getSecretValueWithOptions(
                new GetSecretValueRequest().setSecretName("app-db"), noRetry()))
                .isInstanceOfSatisfying(TeaException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("Forbidden.AccessKey");
                    assertThat(e.getData()).containsEntry("httpCode", 403);
                });

        // a key registered under another id does not verify: its signature is checked, not just its id
        kms.registerClientKey("KAAP.mixed", ClientKey.generate("KAAP.other").publicKey());
        ClientKey mixed = ClientKey.generate("KAAP.mixed");
        assertThatThrownBy(() -> dkms(mixed, "https", kms).getSecretValueWithOptions(
                new GetSecretValueRequest().setSecretName("app-db"), noRetry()))
                .isInstanceOfSatisfying(TeaException.class, e -> assertThat(e.getCode()).isEqualTo("IncompleteSignature"));

        ClientKey key = kms.createClientKey();
        assertThatThrownBy(() -> dkms(key, "https", kms).getSecretValueWithOptions(
                new GetSecretValueRequest().setSecretName("missing"), noRetry()))
                .isInstanceOfSatisfying(TeaException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("Forbidden.ResourceNotFound");
                    assertThat(e.getData()).containsEntry("httpCode", 404);
                });
    }

    @Test
    void faultsReachTheClientKeyPathToo() throws Exception {
        try (KmsEmulator faulty = KmsEmulator.builder().seed(SEED).build().start()) {
            ClientKey key = faulty.createClientKey();
            faulty.faults().failNext(1, 503);
            assertThatThrownBy(() -> dkms(key, "http", faulty).getSecretValueWithOptions(
                    new GetSecretValueRequest().setSecretName("app-db"), noRetry()))
                    .isInstanceOfSatisfying(TeaException.class,
                            e -> assertThat(e.getCode()).isEqualTo("ServiceUnavailableTemporary"));
            assertThat(dkms(key, "http", faulty).getSecretValueWithOptions(
                    new GetSecretValueRequest().setSecretName("app-db"), noRetry()).getSecretData()).isEqualTo("new");
        }
    }

    @Test
    void clientKeyToStringShowsOnlyTheId() {
        ClientKey key = ClientKey.generate("KAAP.abc");
        assertThat(key.toString()).isEqualTo("ClientKey[KAAP.abc]");
        assertThat(key.toString()).doesNotContain(key.password());
    }
}
