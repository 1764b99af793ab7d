package dev.secretsync.kms;

import static dev.secretsync.kms.Canaries.ACCESS_KEY_SECRET;
import static dev.secretsync.kms.Canaries.OIDC_PROVIDER_ARN;
import static dev.secretsync.kms.Canaries.PASSWORD;
import static dev.secretsync.kms.Canaries.PREFIX;
import static dev.secretsync.kms.Canaries.ROLE_ARN;
import static dev.secretsync.kms.Canaries.SECURITY_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KmsStoreConfigTest {

    private static final KmsAuth AK = KmsAuth.accessKey("LTAI5tExampleId", ACCESS_KEY_SECRET);
    private static final String CLIENT_KEY = "{\"KeyId\":\"KAAP.example\",\"PrivateKeyData\":\"" + PREFIX + "-pkcs12\"}";

    @Test
    void defaultsToTheVpcEndpointOverHttps() {
        KmsStoreConfig config = KmsStoreConfig.builder().region("cn-hangzhou").auth(AK).build();
        assertThat(config.endpoint()).isEqualTo("kms-vpc.cn-hangzhou.aliyuncs.com");
        assertThat(config.protocol()).isEqualTo(KmsStoreConfig.Protocol.HTTPS);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.stsEndpointFor(KmsAuth.RoleSession.defaults())).isEqualTo("sts-vpc.cn-hangzhou.aliyuncs.com");
    }

    @Test
    void publicEndpointByOption() {
        KmsStoreConfig config = KmsStoreConfig.builder().region("ap-southeast-1").publicEndpoint(true).auth(AK).build();
        assertThat(config.endpoint()).isEqualTo("kms.ap-southeast-1.aliyuncs.com");
        assertThat(config.stsEndpointFor(KmsAuth.RoleSession.defaults())).isEqualTo("sts.ap-southeast-1.aliyuncs.com");
    }

    @Test
    void endpointOverrideGoesThroughTheGuard() {
        assertThat(KmsStoreConfig.builder().region("cn-hangzhou")
                .endpoint("kst-abc123.cryptoservice.kms.aliyuncs.com").auth(AK).build().endpoint())
                .isEqualTo("kst-abc123.cryptoservice.kms.aliyuncs.com");
        KmsStoreConfig.Builder evil = KmsStoreConfig.builder().region("cn-hangzhou").endpoint("100.100.100.200").auth(AK);
        assertThatThrownBy(evil::build).hasMessageStartingWith("endpoint '100.100.100.200' is not an accepted endpoint");
        KmsStoreConfig.Builder loopback = KmsStoreConfig.builder().region("cn-hangzhou").endpoint("127.0.0.1:8443").auth(AK);
        assertThatThrownBy(loopback::build).hasMessageContaining("allowLoopbackEndpoint");
        assertThat(loopback.allowLoopbackEndpoint(true).build().endpoint()).isEqualTo("127.0.0.1:8443");
    }

    @Test
    void settingsAreCheckedAtOnce() {
        KmsStoreConfig.Builder b = KmsStoreConfig.builder();
        assertThatThrownBy(() -> b.region("Hangzhou")).hasMessageContaining("region");
        assertThatThrownBy(() -> b.region(null)).hasMessageContaining("region");
        assertThatThrownBy(() -> b.endpoint("https://kms.cn-hangzhou.aliyuncs.com")).hasMessageStartingWith("endpoint");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO)).hasMessageStartingWith("connectTimeout");
        assertThatThrownBy(() -> b.readTimeout(Duration.ofHours(1))).hasMessageStartingWith("readTimeout");
        assertThatThrownBy(() -> b.caPem("not a pem")).hasMessageStartingWith("caPem");
        assertThatThrownBy(() -> b.caPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                .hasMessageStartingWith("caPem");
        assertThatThrownBy(() -> b.auth(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void regionAndAuthAreRequired() {
        assertThatThrownBy(() -> KmsStoreConfig.builder().auth(AK).build()).hasMessageContaining("region must be set");
        assertThatThrownBy(() -> KmsStoreConfig.builder().region("cn-hangzhou").build())
                .hasMessageContaining("auth must be set")
                .hasMessageContaining("no implicit credentials");
    }

    @Test
    void plainHttpOnlyForLoopback() {
        KmsStoreConfig.Builder b = KmsStoreConfig.builder().region("cn-hangzhou").auth(AK)
                .protocol(KmsStoreConfig.Protocol.HTTP);
        assertThatThrownBy(b::build).hasMessageContaining("protocol HTTP");
        assertThat(b.endpoint("127.0.0.1:1").allowLoopbackEndpoint(true).build().protocol())
                .isEqualTo(KmsStoreConfig.Protocol.HTTP);
    }

    @Test
    void stsEndpointsAreGuardedToo() {
        KmsAuth role = KmsAuth.assumeRole(AK, ROLE_ARN)
                .withSession(KmsAuth.RoleSession.defaults().withStsEndpoint("evil.example.com"));
        assertThatThrownBy(() -> KmsStoreConfig.builder().region("cn-hangzhou").auth(role).build())
                .hasMessageStartingWith("stsEndpoint 'evil.example.com'");
        KmsAuth nested = KmsAuth.assumeRole(KmsAuth.oidcTokenFile(ROLE_ARN, OIDC_PROVIDER_ARN, Path.of("token"))
                .withSession(KmsAuth.RoleSession.defaults().withStsEndpoint("127.0.0.1:9443")), ROLE_ARN);
        assertThatThrownBy(() -> KmsStoreConfig.builder().region("cn-hangzhou").auth(nested).build())
                .hasMessageContaining("allowLoopbackEndpoint");
        KmsStoreConfig ok = KmsStoreConfig.builder().region("cn-hangzhou").auth(KmsAuth.assumeRole(AK, ROLE_ARN)
                .withSession(KmsAuth.RoleSession.defaults().withStsEndpoint("sts.cn-hangzhou.aliyuncs.com"))).build();
        assertThat(ok.auth()).isInstanceOf(KmsAuth.AssumeRole.class);
    }

    @Test
    void clientKeyNeedsAnInstanceEndpointAndItsCa() {
        KmsAuth key = KmsAuth.clientKey(CLIENT_KEY, PASSWORD);
        assertThatThrownBy(() -> KmsStoreConfig.builder().region("cn-hangzhou").auth(key).build())
                .hasMessageContaining("not a KMS instance endpoint");
        assertThatThrownBy(() -> KmsStoreConfig.builder().region("cn-hangzhou")
                .endpoint("kst-abc.cryptoservice.kms.aliyuncs.com").auth(key).build())
                .hasMessageStartingWith("caPem must be set");
    }

    @Test
    void toStringNeverShowsSecrets() {
        KmsAuth[] auths = {
                AK,
                KmsAuth.stsToken("STS.id", ACCESS_KEY_SECRET, SECURITY_TOKEN),
                KmsAuth.assumeRole(KmsAuth.stsToken("STS.id", ACCESS_KEY_SECRET, SECURITY_TOKEN), ROLE_ARN),
                KmsAuth.oidcTokenSupplier(ROLE_ARN, OIDC_PROVIDER_ARN, () -> Canaries.OIDC_TOKEN),
                KmsAuth.credentialsUri(URI.create("http://127.0.0.1:8080/creds?token=" + PREFIX)),
        };
        for (KmsAuth auth : auths) {
            KmsStoreConfig config = KmsStoreConfig.builder().region("cn-hangzhou").auth(auth).build();
            assertThat(config.toString()).doesNotContain(PREFIX).contains("cn-hangzhou");
            assertThat(auth.toString()).doesNotContain(PREFIX);
        }
        KmsAuth key = KmsAuth.clientKey(CLIENT_KEY, PASSWORD);
        assertThat(key.toString()).doesNotContain(PREFIX).doesNotContain("KAAP");
    }

    @Test
    void oosStoresReachOosEndpointsOnly() {
        KmsStoreConfig.Builder oos = KmsStoreConfig.builder().service(KmsStoreConfig.Service.OOS).region("cn-hangzhou")
                .auth(AK);
        assertThat(oos.build().endpoint()).isEqualTo("oos-vpc.cn-hangzhou.aliyuncs.com");
        assertThat(oos.build().service()).isEqualTo(KmsStoreConfig.Service.OOS);
        assertThat(oos.build().toString()).contains("service=OOS");
        assertThat(oos.publicEndpoint(true).build().endpoint()).isEqualTo("oos.cn-hangzhou.aliyuncs.com");
        assertThatThrownBy(() -> oos.endpoint("kms.cn-hangzhou.aliyuncs.com").build())
                .hasMessageContaining("expected oos.<region>.aliyuncs.com");
        assertThatThrownBy(() -> oos.endpoint("oos.cn-hangzhou.aliyuncs.com.evil.example").build())
                .hasMessageContaining("not an accepted endpoint");
        assertThatThrownBy(() -> KmsStoreConfig.builder().service(KmsStoreConfig.Service.OOS).region("cn-hangzhou")
                .endpoint("kst-abc.cryptoservice.kms.aliyuncs.com").caPem(null)
                .auth(KmsAuth.clientKey(CLIENT_KEY, PASSWORD)).build())
                .hasMessageContaining("not an accepted endpoint");
        assertThat(KmsStoreConfig.builder().region("cn-hangzhou").endpoint("oos.cn-hangzhou.aliyuncs.com")
                .auth(AK)).satisfies(kms -> assertThatThrownBy(kms::build).hasMessageContaining("not an accepted endpoint"));
    }

    @Test
    void anEntryEndpointMovesAKmsStoreAndLeavesAnOosStoreAlone() {
        KmsStoreConfig kms = KmsStoreConfig.builder().region("cn-hangzhou").auth(AK).build();
        assertThat(kms.withEntryEndpoint("kst-abc.cryptoservice.kms.aliyuncs.com").endpoint())
                .isEqualTo("kst-abc.cryptoservice.kms.aliyuncs.com");
        assertThat(kms.withEntryEndpoint(" ")).isSameAs(kms);
        assertThatThrownBy(() -> kms.withEntryEndpoint("evil.example.com")).hasMessageContaining("not an accepted");
        KmsStoreConfig oos = kms.toBuilder().service(KmsStoreConfig.Service.OOS).build();
        assertThat(oos.withEntryEndpoint("kst-abc.cryptoservice.kms.aliyuncs.com")).isSameAs(oos);
        assertThat(oos).isNotEqualTo(kms);
    }

    @Test
    void firstAvailableChecksItsTiers() {
        KmsAuth oidc = KmsAuth.oidcTokenFile(ROLE_ARN, OIDC_PROVIDER_ARN, Path.of("/nonexistent/token"));
        KmsAuth chain = KmsAuth.firstAvailable(java.util.List.of(oidc, AK, KmsAuth.ecsRamRole(null)));
        assertThat(KmsStoreConfig.builder().region("cn-hangzhou").auth(chain).build().auth()).isEqualTo(chain);
        assertThatThrownBy(() -> KmsAuth.firstAvailable(java.util.List.of(AK))).hasMessageContaining("at least two");
        assertThatThrownBy(() -> KmsAuth.firstAvailable(java.util.List.of(AK, KmsAuth.clientKey(CLIENT_KEY, PASSWORD))))
                .hasMessageContaining("client key");
        KmsAuth badSts = KmsAuth.firstAvailable(java.util.List.of(AK,
                KmsAuth.assumeRole(AK, ROLE_ARN).withSession(KmsAuth.RoleSession.defaults()
                        .withStsEndpoint("sts.evil.example.com"))));
        assertThatThrownBy(() -> KmsStoreConfig.builder().region("cn-hangzhou").auth(badSts).build())
                .hasMessageContaining("stsEndpoint");
        assertThat(KmsStoreConfig.builder().region("cn-hangzhou").auth(KmsAuth.firstAvailable(java.util.List.of(
                KmsAuth.stsToken("STS.id", ACCESS_KEY_SECRET, SECURITY_TOKEN), AK))).build().toString())
                .doesNotContain(PREFIX);
    }

    @Test
    void equalConfigurationsAreEqual() {
        KmsStoreConfig a = KmsStoreConfig.builder().region("cn-hangzhou").auth(AK).build();
        KmsStoreConfig b = KmsStoreConfig.builder().region("cn-hangzhou")
                .auth(KmsAuth.accessKey("LTAI5tExampleId", ACCESS_KEY_SECRET)).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toBuilder().readTimeout(Duration.ofSeconds(3)).build()).isNotEqualTo(a);
    }
}
