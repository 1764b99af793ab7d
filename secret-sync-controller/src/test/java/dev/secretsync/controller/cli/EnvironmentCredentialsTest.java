package dev.secretsync.controller.cli;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsStoreConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Only configuration objects are built: no provider is asked for a credential, nothing is contacted. */
class EnvironmentCredentialsTest {

    private static final ControllerSettings HANGZHOU = ControllerSettings.builder().region("cn-hangzhou").build();

    private static Optional<KmsAuth> auth(Map<String, String> env, boolean workerRole) {
        return EnvironmentCredentials.of(env).auth(workerRole);
    }

    @Test
    void ackSecretManagersAccessKeyVariables() {
        KmsAuth auth = auth(Map.of("ACCESS_KEY_ID", "LTAI-id", "SECRET_ACCESS_KEY", "CANARY-7f3a9c"), false).orElseThrow();
        assertThat(auth).isEqualTo(KmsAuth.accessKey("LTAI-id", "CANARY-7f3a9c"));
        assertThat(auth.toString()).doesNotContain("CANARY-7f3a9c");
    }

    @Test
    void accessKeyWithRoleAssumesItThenFallsBackToTheKey() {
        KmsAuth auth = auth(Map.of("ACCESS_KEY_ID", "id", "SECRET_ACCESS_KEY", "secret",
                "ALICLOUD_ROLE_ARN", "acs:ram::1:role/r", "ALICLOUD_ROLE_SESSION_NAME", "my-session",
                "ALICLOUD_ROLE_SESSION_EXPIRATION", "7200"), false).orElseThrow();
        assertThat(auth).isInstanceOf(KmsAuth.FirstAvailable.class);
        java.util.List<KmsAuth> tiers = ((KmsAuth.FirstAvailable) auth).tiers();
        assertThat(tiers.get(1)).isEqualTo(KmsAuth.accessKey("id", "secret"));
        KmsAuth.AssumeRole role = (KmsAuth.AssumeRole) tiers.get(0);
        assertThat(role.roleArn()).isEqualTo("acs:ram::1:role/r");
        assertThat(role.base()).isEqualTo(KmsAuth.accessKey("id", "secret"));
        assertThat(role.session().sessionName()).isEqualTo("my-session");
        assertThat(role.session().duration()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void rrsaUsesTheChartsTokenFileByDefault() {
        KmsAuth auth = auth(Map.of("ALICLOUD_ROLE_ARN", "acs:ram::1:role/r",
                "ALICLOUD_OIDC_PROVIDER_ARN", "acs:ram::1:oidc-provider/p"), false).orElseThrow();
        assertThat(auth).isInstanceOf(KmsAuth.OidcTokenFile.class);
        assertThat(((KmsAuth.OidcTokenFile) auth).tokenFile()).isEqualTo(EnvironmentCredentials.DEFAULT_OIDC_TOKEN_FILE);
        assertThat(((KmsAuth.OidcTokenFile) auth).session().sessionName()).isEqualTo("ack-secret-manager");

        KmsAuth custom = auth(Map.of("ALICLOUD_ROLE_ARN", "acs:ram::1:role/r",
                "ALICLOUD_OIDC_PROVIDER_ARN", "acs:ram::1:oidc-provider/p",
                "ALICLOUD_OIDC_TOKEN_FILE", "/tokens/t"), false).orElseThrow();
        assertThat(((KmsAuth.OidcTokenFile) custom).tokenFile()).isEqualTo(Path.of("/tokens/t"));
    }

    @Test
    void remoteRoleIsAssumedOnTop() {
        KmsAuth auth = auth(Map.of("ALICLOUD_ROLE_ARN", "acs:ram::1:role/r",
                "ALICLOUD_OIDC_PROVIDER_ARN", "acs:ram::1:oidc-provider/p",
                "ALICLOUD_REMOTE_ROLE_ARN", "acs:ram::2:role/remote",
                "ALICLOUD_REMOTE_ROLE_SESSION_NAME", "remote-session"), false).orElseThrow();
        KmsAuth.AssumeRole remote = (KmsAuth.AssumeRole) auth;
        assertThat(remote.roleArn()).isEqualTo("acs:ram::2:role/remote");
        assertThat(remote.session().sessionName()).isEqualTo("remote-session");
        assertThat(remote.base()).isInstanceOf(KmsAuth.OidcTokenFile.class);
    }

    @Test
    void standardAlibabaCloudVariables() {
        assertThat(auth(Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "id", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s",
                "ALIBABA_CLOUD_SECURITY_TOKEN", "t"), false)).contains(KmsAuth.stsToken("id", "s", "t"));
        assertThat(auth(Map.of("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/r",
                "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "acs:ram::1:oidc-provider/p",
                "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "/t"), false).orElseThrow()).isInstanceOf(KmsAuth.OidcTokenFile.class);
        assertThat(auth(Map.of("ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1:9/credentials"), false).orElseThrow())
                .isInstanceOf(KmsAuth.CredentialsUri.class);
    }

    @Test
    void ecsWorkerRoleOnlyWhenEnabledAndLast() {
        assertThat(auth(Map.of(), false)).isEmpty();
        assertThat(auth(Map.of(), true).orElseThrow()).isInstanceOf(KmsAuth.EcsRamRole.class);
        // Explicit credentials come first; the worker role is the last tier.
        assertThat(auth(Map.of("ACCESS_KEY_ID", "id", "SECRET_ACCESS_KEY", "s"), true).orElseThrow())
                .isEqualTo(KmsAuth.firstAvailable(java.util.List.of(KmsAuth.accessKey("id", "s"), KmsAuth.ecsRamRole(null))));
        assertThat(((KmsAuth.FirstAvailable) auth(Map.of("ALICLOUD_ROLE_ARN", "acs:ram::1:role/r",
                "ALICLOUD_OIDC_PROVIDER_ARN", "acs:ram::1:oidc-provider/p", "ACCESS_KEY_ID", "id",
                "SECRET_ACCESS_KEY", "s"), true).orElseThrow()).tiers())
                .extracting(t -> t.getClass().getSimpleName())
                .containsExactly("OidcTokenFile", "AssumeRole", "AccessKey", "EcsRamRole");
    }

    @Test
    void defaultStoreNeedsRegionAndCredentials() {
        Map<String, String> keys = Map.of("ACCESS_KEY_ID", "id", "SECRET_ACCESS_KEY", "s");
        assertThat(EnvironmentCredentials.of(keys).defaultStore(ControllerSettings.defaults())).isEmpty();
        assertThat(EnvironmentCredentials.of(Map.of()).defaultStore(HANGZHOU)).isEmpty();

        KmsStoreConfig store = EnvironmentCredentials.of(keys).defaultStore(HANGZHOU).orElseThrow();
        assertThat(store.region()).isEqualTo("cn-hangzhou");
        assertThat(store.endpoint()).isEqualTo("kms-vpc.cn-hangzhou.aliyuncs.com");

        KmsStoreConfig fromEnv = EnvironmentCredentials.of(Map.of("ACCESS_KEY_ID", "id", "SECRET_ACCESS_KEY", "s",
                "ALIBABA_CLOUD_REGION_ID", "cn-shanghai")).defaultStore(ControllerSettings.defaults()).orElseThrow();
        assertThat(fromEnv.region()).isEqualTo("cn-shanghai");

        KmsStoreConfig endpoint = EnvironmentCredentials.of(keys).defaultStore(ControllerSettings.builder()
                .region("cn-hangzhou").kmsEndpoint("kst-abc.cryptoservice.kms.aliyuncs.com").build()).orElseThrow();
        assertThat(endpoint.endpoint()).isEqualTo("kst-abc.cryptoservice.kms.aliyuncs.com");
    }

    @Test
    void malformedValuesNameTheVariableNeverTheSecret() {
        assertThatThrownBy(() -> auth(Map.of("ACCESS_KEY_ID", "id"), false))
                .hasMessageContaining("SECRET_ACCESS_KEY");
        assertThatThrownBy(() -> auth(Map.of("SECRET_ACCESS_KEY", "CANARY-7f3a9c"), false))
                .hasMessageContaining("ACCESS_KEY_ID").hasMessageNotContaining("CANARY-7f3a9c");
        assertThatThrownBy(() -> auth(Map.of("ACCESS_KEY_ID", "id", "SECRET_ACCESS_KEY", "s",
                "ALICLOUD_ROLE_ARN", "acs:ram::1:role/r", "ALICLOUD_ROLE_SESSION_EXPIRATION", "soon"), false))
                .hasMessageContaining("ALICLOUD_ROLE_SESSION_EXPIRATION");
        assertThatThrownBy(() -> auth(Map.of("ALICLOUD_OIDC_PROVIDER_ARN", "acs:ram::1:oidc-provider/p"), false))
                .hasMessageContaining("ALICLOUD_ROLE_ARN");
    }
}
