package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.credentials.provider.OIDCRoleArnCredentialProvider;
import com.aliyun.credentials.provider.RamRoleArnCredentialProvider;
import com.aliyun.credentials.provider.URLCredentialProvider;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.teaopenapi.models.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AssumeRole, AssumeRoleWithOIDC and the credentials URI through credentials-java's own providers;
 * the credentials they hand out then sign real kms20160120 calls.
 */
class StsAndCredentialsUriTest {
    static final String SEED = """
            secrets:
            - name: app-db
              versions: [{id: v1, stages: [ACSCurrent], data: sts-works}]
            """;

    static KmsEmulator kms;
    static final String[] TRUST_PROPERTIES = {
        "javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};
    static final java.util.Map<String, String> savedTrust = new java.util.HashMap<>();

    @BeforeAll
    static void start(@TempDir Path dir) {
        for (String p : TRUST_PROPERTIES) {
            savedTrust.put(p, System.getProperty(p));
        }
        kms = KmsEmulator.builder().accessKey("ak", "sk").seed(SEED).oidcToken("oidc-token-1").build().start();
        // credentials-java always speaks https to STS and trusts the JVM's default trust store.
        kms.installJvmTrustStore(dir.resolve("truststore.p12"));
    }

    @AfterAll
    static void stop() {
        kms.close();
        savedTrust.forEach((p, v) -> {
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        });
    }

    static String readWith(com.aliyun.credentials.provider.AlibabaCloudCredentialsProvider provider) throws Exception {
        Config config = KmsClients.config(kms, "unused", "unused").setAccessKeyId(null).setAccessKeySecret(null)
                .setCredential(new com.aliyun.credentials.Client(provider));
        return KmsClients.client(config).getSecretValue(new GetSecretValueRequest().setSecretName("app-db"))
                .getBody().getSecretData();
    }

    @Test
    void assumeRoleThroughTheRealProvider() throws Exception {
        RamRoleArnCredentialProvider provider = RamRoleArnCredentialProvider.builder()
                .accessKeyId("ak").accessKeySecret("sk")
                .roleArn("acs:ram::1234567890123456:role/reader").roleSessionName("test").durationSeconds(900)
                .STSEndpoint(kms.stsEndpoint()).build();
        long before = kms.requestCount("AssumeRole");
        CredentialModel credential = provider.getCredentials();
        assertThat(credential.getAccessKeyId()).startsWith("STS.");
        assertThat(credential.getSecurityToken()).isNotBlank();
        assertThat(kms.requestCount("AssumeRole")).isEqualTo(before + 1);
        assertThat(readWith(provider)).isEqualTo("sts-works");
    }

    @Test
    void assumeRoleWithAWrongSecretIsRefused() {
        RamRoleArnCredentialProvider provider = RamRoleArnCredentialProvider.builder()
                .accessKeyId("ak").accessKeySecret("bad")
                .roleArn("acs:ram::1234567890123456:role/reader").roleSessionName("test")
                .STSEndpoint(kms.stsEndpoint()).build();
        assertThatThrownBy(provider::getCredentials).hasMessageContaining("SignatureDoesNotMatch")
                .hasMessageContaining("HttpCode: 400");
    }

    @Test
    void assumeRoleWithOidcThroughTheRealProvider(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "oidc-token-1", StandardCharsets.UTF_8);
        OIDCRoleArnCredentialProvider provider = OIDCRoleArnCredentialProvider.builder()
                .roleArn("acs:ram::1234567890123456:role/reader")
                .oidcProviderArn("acs:ram::1234567890123456:oidc-provider/ack-rrsa")
                .oidcTokenFilePath(token.toString()).roleSessionName("pod").STSEndpoint(kms.stsEndpoint()).build();
        assertThat(readWith(provider)).isEqualTo("sts-works");
        assertThat(kms.requestCount("AssumeRoleWithOIDC")).isPositive();

        Path wrong = Files.writeString(dir.resolve("wrong"), "other-token", StandardCharsets.UTF_8);
        OIDCRoleArnCredentialProvider refused = OIDCRoleArnCredentialProvider.builder()
                .roleArn("acs:ram::1234567890123456:role/reader")
                .oidcProviderArn("acs:ram::1234567890123456:oidc-provider/ack-rrsa")
                .oidcTokenFilePath(wrong.toString()).roleSessionName("pod").STSEndpoint(kms.stsEndpoint()).build();
        assertThatThrownBy(refused::getCredentials).hasMessageContaining("AuthenticationFail.OIDCToken.Invalid");
    }

    @Test
    void credentialsUriThroughTheRealProvider() throws Exception {
        assertThat(kms.credentialsUri()).startsWith("http://127.0.0.1:").endsWith("/credentials");
        URLCredentialProvider provider = URLCredentialProvider.builder().credentialsURI(kms.credentialsUri()).build();
        CredentialModel credential = provider.getCredentials();
        assertThat(credential.getAccessKeyId()).startsWith("STS.");
        assertThat(readWith(provider)).isEqualTo("sts-works");
        assertThat(kms.requestCount("CredentialsURI")).isPositive();
    }

    @Test
    void issuedCredentialsExpireByTheEmulatorClock() throws Exception {
        ManualClock clock = ManualClock.atSystemNow();
        try (KmsEmulator timed = KmsEmulator.builder().seed(SEED).clock(clock)
                .credentialsUriLifetime(Duration.ofMinutes(5)).build().start()) {
            CredentialModel credential = URLCredentialProvider.builder().credentialsURI(timed.credentialsUri())
                    .build().getCredentials();
            assertThat(credential.getExpiration())
                    .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond() * 1000);
            Config config = KmsClients.config(timed, credential.getAccessKeyId(), credential.getAccessKeySecret())
                    .setSecurityToken(credential.getSecurityToken());
            assertThat(KmsClients.client(config).getSecretValue(new GetSecretValueRequest().setSecretName("app-db"))
                    .getBody().getSecretData()).isEqualTo("sts-works");

            clock.advance(Duration.ofMinutes(6)); // past the expiry, still inside the 15 minutes of skew
            assertThatThrownBy(() -> KmsClients.client(config).getSecretValue(
                    new GetSecretValueRequest().setSecretName("app-db")))
                    .isInstanceOfSatisfying(com.aliyun.tea.TeaException.class,
                            e -> assertThat(e.getCode()).isEqualTo("InvalidSecurityToken.Expired"));
        }
    }

    @Test
    void aRoleAssumedOnTopOfAnotherRole() throws Exception {
        RamRoleArnCredentialProvider first = RamRoleArnCredentialProvider.builder()
                .accessKeyId("ak").accessKeySecret("sk")
                .roleArn("acs:ram::1234567890123456:role/hop").roleSessionName("hop")
                .STSEndpoint(kms.stsEndpoint()).build();
        // the second AssumeRole is signed with the first role's STS credential and carries its token
        RamRoleArnCredentialProvider second = RamRoleArnCredentialProvider.builder().credentialsProvider(first)
                .roleArn("acs:ram::6543210987654321:role/remote").roleSessionName("remote")
                .STSEndpoint(kms.stsEndpoint()).build();
        long before = kms.requestCount("AssumeRole");
        assertThat(readWith(second)).isEqualTo("sts-works");
        assertThat(kms.requestCount("AssumeRole")).isEqualTo(before + 2);
    }

    @Test
    void theTrustStoreHoldsTheJdkCasAndTheEmulatorCertificate(@TempDir Path dir) throws Exception {
        char[] password = "pw".toCharArray();
        Path file = kms.writeTrustStore(dir.resolve("nested/trust.p12"), password);
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        assertThat(store.isCertificateEntry("secret-sync-kms-emulator")).isTrue();
        assertThat(java.util.Collections.list(store.aliases())).hasSizeGreaterThan(1);
        java.security.cert.X509Certificate cert =
                (java.security.cert.X509Certificate) store.getCertificate("secret-sync-kms-emulator");
        assertThat(cert.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList())
                .containsExactlyInAnyOrder("localhost", "127.0.0.1");
    }
}
