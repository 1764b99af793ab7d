package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signature checks: ACS3 and v1, STS tokens, unknown keys, skewed clocks, replays. */
class SignatureTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SEED = """
            secrets:
            - name: app-db
              versions: [{id: v1, stages: [ACSCurrent], data: 'CANARY-7f3a9c'}]
            - name: "odd name*~ü+&=/"
              versions: [{id: "v 1", stages: [ACSCurrent], data: odd}]
            """;

    static KmsEmulator kms;

    @BeforeAll
    static void start() {
        kms = KmsEmulator.builder().accessKey("ak", "sk").stsCredential("STS.tmp", "sts-sk", "token-1").seed(SEED)
                .build().start();
    }

    @AfterAll
    static void stop() {
        kms.close();
    }

    static Client client(Config config) {
        return KmsClients.client(config);
    }

    static String get(Client client) throws Exception {
        return client.getSecretValue(new GetSecretValueRequest().setSecretName("app-db")).getBody().getSecretData();
    }

    static void assertError(Client client, int status, String code) {
        assertThatThrownBy(() -> get(client)).isInstanceOfSatisfying(TeaException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(status);
            assertThat(e.getCode()).isEqualTo(code);
            assertThat(e.getMessage()).doesNotContain("CANARY-7f3a9c");
        });
    }

    @Test
    void legacyRpcV1SignatureFromTheSdk() throws Exception {
        Config v1 = KmsClients.config(kms, "ak", "sk").setSignatureAlgorithm("v2");
        long before = kms.requestCount("GetSecretValue");
        assertThat(get(client(v1))).isEqualTo("CANARY-7f3a9c");
        assertThat(kms.requestCount("GetSecretValue")).isEqualTo(before + 1);
        assertError(client(KmsClients.config(kms, "ak", "wrong").setSignatureAlgorithm("v2")), 400,
                "SignatureDoesNotMatch");
    }

    @Test
    void wrongSecretAndUnknownKeyAreRefused() {
        assertError(KmsClients.client(kms, "ak", "wrong"), 400, "IncompleteSignature");
        assertError(KmsClients.client(kms, "nobody", "sk"), 404, "InvalidAccessKeyId.NotFound");
        assertError(client(KmsClients.config(kms, "nobody", "sk").setSignatureAlgorithm("v2")), 404,
                "InvalidAccessKeyId.NotFound");
    }

    @Test
    void stsCredentialNeedsItsSecurityToken() throws Exception {
        Config sts = KmsClients.config(kms, "STS.tmp", "sts-sk").setSecurityToken("token-1");
        assertThat(get(client(sts))).isEqualTo("CANARY-7f3a9c");
        assertThat(get(client(KmsClients.config(kms, "STS.tmp", "sts-sk").setSecurityToken("token-1")
                .setSignatureAlgorithm("v2")))).isEqualTo("CANARY-7f3a9c");

        assertError(client(KmsClients.config(kms, "STS.tmp", "sts-sk").setSecurityToken("token-2")), 400,
                "InvalidSecurityToken.MismatchWithAccessKey");
        assertError(client(KmsClients.config(kms, "STS.tmp", "sts-sk")), 400, "InvalidSecurityToken.Missing");
        assertError(client(KmsClients.config(kms, "STS.tmp", "sts-sk").setSecurityToken("token-2")
                .setSignatureAlgorithm("v2")), 400, "InvalidSecurityToken.MismatchWithAccessKey");
    }

    @Test
    void aDateMoreThanFifteenMinutesOffIsRefused() throws Exception {
        try (KmsEmulator ahead = KmsEmulator.builder().accessKey("ak", "sk").seed(SEED)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20))).build().start();
                KmsEmulator slightlyAhead = KmsEmulator.builder().accessKey("ak", "sk").seed(SEED)
                        .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10))).build().start()) {
            assertError(KmsClients.client(ahead, "ak", "sk"), 400, "RequestTimeTooSkewed");
            assertError(client(KmsClients.config(ahead, "ak", "sk").setSignatureAlgorithm("v2")), 400,
                    "IllegalTimestamp");
            assertThat(get(KmsClients.client(slightlyAhead, "ak", "sk"))).isEqualTo("CANARY-7f3a9c");
        }
    }

    @Test
    void handSignedV1GetWithQueryStringAsOtherSdksSendIt() throws Exception {
        Map<String, String> params = SignedRequests.v1Params("GET", "GetSecretValue",
                Map.of("SecretName", "app-db", "VersionStage", "ACSCurrent"), "ak", "sk", null, Instant.now());
        HttpResponse<String> response = SignedRequests.v1Get(kms.url(), params);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("SecretData").asText()).isEqualTo("CANARY-7f3a9c");
        assertThat(body.get("VersionStages").get("VersionStage").get(0).asText()).isEqualTo("ACSCurrent");

        HttpResponse<String> replay = SignedRequests.v1Get(kms.url(), params);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(replay.body()).get("Code").asText()).isEqualTo("SignatureNonceUsed");
    }

    @Test
    void handSignedV1PostWithFormBody() throws Exception {
        Map<String, String> params = SignedRequests.v1Params("POST", "DescribeSecret",
                Map.of("SecretName", "app-db"), "ak", "sk", null, Instant.now());
        HttpResponse<String> response = SignedRequests.v1PostForm(kms.url(), params);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("Arn").asText()).endsWith(":secret/app-db");
    }

    @Test
    void handSignedAcs3WithChunkedEmptyBody() throws Exception {
        HttpResponse<String> response = SignedRequests.acs3PostChunked(kms.url(), kms.endpoint(), "GetSecretValue",
                Map.of("SecretName", "app-db"), "ak", "sk", Instant.now());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("SecretData").asText()).isEqualTo("CANARY-7f3a9c");
    }

    @Test
    void tamperedOrUnsignedRequestsGetKmsShapedErrors() throws Exception {
        Map<String, String> params = new java.util.LinkedHashMap<>(SignedRequests.v1Params("GET", "GetSecretValue",
                Map.of("SecretName", "app-db"), "ak", "sk", null, Instant.now()));
        params.put("SecretName", "other");
        HttpResponse<String> tampered = SignedRequests.v1Get(kms.url(), params);
        assertThat(tampered.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(tampered.body());
        assertThat(error.get("Code").asText()).isEqualTo("SignatureDoesNotMatch");
        assertThat(error.has("RequestId")).isTrue();
        assertThat(error.has("HostId")).isTrue();
        assertThat(error.has("Message")).isTrue();
        assertThat(error.has("Recommend")).isTrue();

        params.remove("Signature");
        HttpResponse<String> unsigned = SignedRequests.v1Get(kms.url(), params);
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unsigned.body()).get("Code").asText()).isEqualTo("MissingParameter");

        Map<String, String> badVersion = new java.util.LinkedHashMap<>(Map.of("SecretName", "app-db"));
        Map<String, String> signed = SignedRequests.v1Params("GET", "NoSuchAction", badVersion, "ak", "sk", null,
                Instant.now());
        HttpResponse<String> unknownAction = SignedRequests.v1Get(kms.url(), signed);
        assertThat(unknownAction.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknownAction.body()).get("Code").asText()).isEqualTo("InvalidAction.NotFound");
    }

    @Test
    void reservedAndNonAsciiCharactersSurviveBothSignatures() throws Exception {
        GetSecretValueRequest odd = new GetSecretValueRequest().setSecretName("odd name*~ü+&=/").setVersionId("v 1");
        assertThat(KmsClients.client(kms, "ak", "sk").getSecretValue(odd).getBody().getSecretData()).isEqualTo("odd");
        assertThat(client(KmsClients.config(kms, "ak", "sk").setSignatureAlgorithm("v2")).getSecretValue(odd)
                .getBody().getSecretData()).isEqualTo("odd");
        Map<String, String> params = SignedRequests.v1Params("GET", "GetSecretValue",
                Map.of("SecretName", "odd name*~ü+&=/"), "ak", "sk", null, Instant.now());
        assertThat(SignedRequests.v1Get(kms.url(), params).statusCode()).isEqualTo(200);
        com.aliyun.kms20160120.models.ListSecretsResponseBody list = client(KmsClients.config(kms, "ak", "sk")
                .setSignatureAlgorithm("v2")).listSecrets(new com.aliyun.kms20160120.models.ListSecretsRequest()
                .setFilters("[{\"Key\":\"SecretName\",\"Values\":[\"odd name\"]}]")).getBody();
        assertThat(list.getSecretList().getSecret()).extracting(s -> s.getSecretName())
                .containsExactly("odd name*~ü+&=/");
    }

    @Test
    void handSignedAcs3WithAFormBody() throws Exception {
        HttpResponse<String> response = SignedRequests.acs3PostForm(kms.url(), kms.endpoint(), "DescribeSecret",
                Map.of("SecretName", "app-db"), "ak", "sk", Instant.now());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("SecretName").asText()).isEqualTo("app-db");
    }
}
