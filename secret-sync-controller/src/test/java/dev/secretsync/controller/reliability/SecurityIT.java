package dev.secretsync.controller.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SourceException;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsSecretSource;
import dev.secretsync.kms.KmsStoreConfig;
import dev.secretsync.testkit.KmsEmulator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Section 6, the defaults that protect users. The controller-level checks (cross-namespace
 * references, ClusterSecretStore conditions, a non-KMS kmsEndpoint) run end to end in
 * {@link BadInputCorpusIT}; here the settings themselves.
 */
class SecurityIT {

    @Test
    void onlyKmsEndpointsAreAccepted() {
        for (String endpoint : List.of("100.100.100.200", "evil.example.org", "kms.cn-hangzhou.aliyuncs.com.evil.org",
                "https://kms.cn-hangzhou.aliyuncs.com", "kms.cn-hangzhou.aliyuncs.com/path", "user@kms.cn-hangzhou.aliyuncs.com",
                "kms.cn-hangzhou.aliyuncs.com.", "127.0.0.1:8443", "localhost", "[::1]:443")) {
            assertThatThrownBy(() -> KmsStoreConfig.builder().region("cn-hangzhou").endpoint(endpoint)
                    .auth(KmsAuth.accessKey("ak", "sk")).build())
                    .as(endpoint).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
        }
        for (String endpoint : List.of("kms.cn-hangzhou.aliyuncs.com", "kms-vpc.cn-hangzhou.aliyuncs.com",
                "kst-hzz65f176a0ogplgq2ky.cryptoservice.kms.aliyuncs.com")) {
            assertThat(KmsStoreConfig.builder().region("cn-hangzhou").endpoint(endpoint)
                    .auth(KmsAuth.accessKey("ak", "sk")).build().endpoint()).isEqualTo(endpoint);
        }
    }

    @Test
    void crossNamespaceReferencesAreOffByDefaultAndClusterStoresFollowTheirConditions() {
        ControllerSettings defaults = ControllerSettings.builder().region("cn-hangzhou").build();
        assertThat(defaults.enableCrossNamespaceSecretStore()).isFalse();
        assertThat(defaults.enableCrossNamespaceAuthRef()).isFalse();
    }

    @Test
    void tlsIsVerifiedByDefault() throws Exception {
        assertThat(KmsStoreConfig.builder().region("cn-hangzhou").auth(KmsAuth.accessKey("ak", "sk")).build().protocol())
                .isEqualTo(KmsStoreConfig.Protocol.HTTPS);
        assertThatThrownBy(() -> KmsStoreConfig.builder().region("cn-hangzhou").endpoint("kms.cn-hangzhou.aliyuncs.com")
                .protocol(KmsStoreConfig.Protocol.HTTP).auth(KmsAuth.accessKey("ak", "sk")).build())
                .as("plain HTTP only for loopback").isInstanceOf(IllegalArgumentException.class);
        try (KmsEmulator kms = KmsEmulator.builder().https(true).accessKey(Reliability.AK, Reliability.SK).build().start();
             KmsSecretSource untrusted = new KmsSecretSource()) {
            kms.createSecret("tls-probe", "v1", "value");
            // The emulator's certificate is self-signed: without its CA the call must fail, not fall back.
            untrusted.putStore("s", KmsStoreConfig.builder().region("cn-hangzhou").endpoint(kms.endpoint())
                    .allowLoopbackEndpoint(true).auth(KmsAuth.accessKey(Reliability.AK, Reliability.SK)).build());
            assertThatThrownBy(() -> untrusted.fetch(SourceRef.current("s", "tls-probe")))
                    .isInstanceOf(SourceException.class);
            assertThat(kms.requestCount("GetSecretValue")).as("no request got through").isZero();
        }
        try (KmsEmulator kms = KmsEmulator.builder().https(true).accessKey(Reliability.AK, Reliability.SK).build().start();
             KmsSecretSource trusted = new KmsSecretSource()) {
            kms.createSecret("tls-probe", "v1", "value");
            trusted.putStore("s", KmsStoreConfig.builder().region("cn-hangzhou").endpoint(kms.endpoint())
                    .allowLoopbackEndpoint(true).caPem(kms.caCertificatePem())
                    .auth(KmsAuth.accessKey(Reliability.AK, Reliability.SK)).build());
            assertThat(trusted.fetch(SourceRef.current("s", "tls-probe")).asString()).isEqualTo("value");
        }
    }

    @Test
    void noImplicitCredentialsAndNoEcsMetadataUnlessChosen() {
        assertThatThrownBy(() -> KmsStoreConfig.builder().region("cn-hangzhou").build())
                .as("there is no default credential chain").isInstanceOf(RuntimeException.class);
        // The build sets ALIBABA_CLOUD_ECS_METADATA_DISABLED=true for test JVMs: the chosen ECS role is refused locally.
        assumeTrue("true".equals(System.getenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED")));
        try (KmsSecretSource source = new KmsSecretSource()) {
            source.putStore("ecs", KmsStoreConfig.builder().region("cn-hangzhou").endpoint("127.0.0.1:9")
                    .allowLoopbackEndpoint(true).protocol(KmsStoreConfig.Protocol.HTTP)
                    .auth(KmsAuth.ecsRamRole("node-role")).build());
            assertThatThrownBy(() -> source.fetch(SourceRef.current("ecs", "x")))
                    .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.DENIED));
        }
    }
}
