package dev.secretsync.kms;

import static dev.secretsync.kms.Canaries.ACCESS_KEY_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.credentials.provider.StaticCredentialsProvider;
import com.aliyun.credentials.models.CredentialModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which CA verifies a KMS endpoint. Alibaba's instance key cannot be had in a test, so these prove
 * the selection (built-in CA of the region for an instance host with RAM sign-in; a configured CA
 * wins; the JVM's trust otherwise) down to the SDK configuration the client is built with; the
 * HTTPS tests of {@link KmsSignInIT} prove the chosen CA is what the handshake trusts.
 */
class InstanceCaTest {

    private static final KmsAuth AK = KmsAuth.accessKey("LTAI5tExampleId", ACCESS_KEY_SECRET);
    private static final String INSTANCE = "kst-hzz62ee3c8e2b4cd1k9nt.cryptoservice.kms.aliyuncs.com";

    @ParameterizedTest
    @ValueSource(strings = {"cn-hangzhou", "cn-shanghai", "ap-southeast-1", "eu-central-1", "us-east-1",
            "cn-heyuan-acdr-1"})
    void eachBuiltInCaIsTheRegionsKmsInstanceCa(String region) throws Exception {
        X509Certificate ca = certificate(InstanceCas.forRegion(region).orElseThrow());
        assertThat(ca.getSubjectX500Principal().getName()).contains("CN=Private KMS " + region + " Second CA");
        assertThat(ca.getIssuerX500Principal().getName()).contains("CN=Private KMS Root CA");
        assertThat(ca.getBasicConstraints()).as("a CA certificate").isGreaterThanOrEqualTo(0);
    }

    @Test
    void anInstanceEndpointWithRamSignInTrustsTheRegionsBuiltInCa() throws Exception {
        KmsStoreConfig config = KmsStoreConfig.builder().region("cn-shanghai").endpoint(INSTANCE).auth(AK).build();
        assertThat(config.caPem()).isNull();
        assertThat(config.trustedCaPem()).isEqualTo(InstanceCas.forRegion("cn-shanghai").orElseThrow());
        assertThat(sdkCa(config)).isEqualTo(config.trustedCaPem());
        assertThat(config.toString()).contains("built-in-instance-ca");
    }

    @Test
    void aConfiguredCaWins() throws Exception {
        String own = InstanceCas.forRegion("cn-beijing").orElseThrow();
        KmsStoreConfig config = KmsStoreConfig.builder().region("cn-shanghai").endpoint(INSTANCE).caPem(own)
                .auth(AK).build();
        assertThat(config.trustedCaPem()).isEqualTo(own);
        assertThat(sdkCa(config)).isEqualTo(own);
    }

    @Test
    void sharedGatewayAndOosKeepTheJvmsTrust() throws Exception {
        for (KmsStoreConfig config : List.of(
                KmsStoreConfig.builder().region("cn-hangzhou").auth(AK).build(),
                KmsStoreConfig.builder().region("cn-hangzhou").publicEndpoint(true).auth(AK).build(),
                KmsStoreConfig.builder().service(KmsStoreConfig.Service.OOS).region("cn-hangzhou").auth(AK).build())) {
            assertThat(config.trustedCaPem()).as(config.toString()).isNull();
            assertThat(sdkCa(config)).isNull();
        }
    }

    @Test
    void anInstanceInARegionWithoutABuiltInCaNeedsOne() {
        assertThatThrownBy(() -> KmsStoreConfig.builder().region("xx-nowhere-1").endpoint(INSTANCE).auth(AK).build())
                .hasMessageContaining("caPem must be set").hasMessageContaining("xx-nowhere-1");
    }

    private static String sdkCa(KmsStoreConfig config) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.builder().credential(CredentialModel.builder()
                .accessKeyId("id").accessKeySecret("secret").type("access_key").build()).build();
        return TeaStoreClient.sdkConfig(config, credentials).getCa();
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
