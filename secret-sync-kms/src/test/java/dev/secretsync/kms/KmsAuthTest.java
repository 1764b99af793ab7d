package dev.secretsync.kms;

import static dev.secretsync.kms.Canaries.ACCESS_KEY_SECRET;
import static dev.secretsync.kms.Canaries.OIDC_PROVIDER_ARN;
import static dev.secretsync.kms.Canaries.PASSWORD;
import static dev.secretsync.kms.Canaries.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KmsAuthTest {

    @Test
    void blankCredentialsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> KmsAuth.accessKey("", ACCESS_KEY_SECRET)).hasMessage("accessKeyId must not be blank");
        assertThatThrownBy(() -> KmsAuth.accessKey("id", " ")).hasMessage("accessKeySecret must not be blank");
        assertThatThrownBy(() -> KmsAuth.stsToken("id", "s", null)).hasMessage("securityToken must not be blank");
    }

    @Test
    void arnsAreChecked() {
        assertThatThrownBy(() -> KmsAuth.assumeRole(KmsAuth.accessKey("id", "s"), "role/x"))
                .hasMessageStartingWith("roleArn must look like acs:ram::<account>:role/<name>");
        assertThatThrownBy(() -> KmsAuth.oidcTokenFile(ROLE_ARN, ROLE_ARN, Path.of("t")))
                .hasMessageStartingWith("oidcProviderArn must look like");
    }

    @Test
    void roleSessionIsChecked() {
        KmsAuth.RoleSession defaults = KmsAuth.RoleSession.defaults();
        assertThat(defaults.sessionName()).isEqualTo("secret-sync");
        assertThat(defaults.duration()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> defaults.withDuration(Duration.ofSeconds(899))).hasMessageContaining("900s");
        assertThatThrownBy(() -> defaults.withDuration(Duration.ofHours(13))).hasMessageContaining("12h");
        assertThatThrownBy(() -> defaults.withSessionName("a")).hasMessageContaining("sessionName");
        assertThatThrownBy(() -> defaults.withSessionName("has space")).hasMessageContaining("sessionName");
        assertThatThrownBy(() -> defaults.withStsEndpoint("https://sts.aliyuncs.com")).hasMessageStartingWith("stsEndpoint");
    }

    @Test
    void aClientKeyCannotBeTheBaseOfARole() {
        KmsAuth key = KmsAuth.clientKey("{\"KeyId\":\"k\",\"PrivateKeyData\":\"d\"}", PASSWORD);
        assertThatThrownBy(() -> KmsAuth.assumeRole(key, ROLE_ARN)).hasMessageContaining("client key");
        assertThatThrownBy(() -> KmsAuth.clientKey("{}", PASSWORD)).hasMessageContaining("KeyId and PrivateKeyData");
    }

    @Test
    void credentialsUriMustBeHttp() {
        assertThatThrownBy(() -> KmsAuth.credentialsUri(URI.create("file:///etc/passwd"))).hasMessageContaining("http");
        assertThatThrownBy(() -> KmsAuth.credentialsUri(URI.create("http://u:p@127.0.0.1/"))).hasMessageContaining("user info");
    }

    @Test
    void remoteRoleOnTopOfAnySignIn() {
        KmsAuth.AssumeRole remote = KmsAuth.assumeRole(
                KmsAuth.oidcTokenSupplier(ROLE_ARN, OIDC_PROVIDER_ARN, () -> "t"), Canaries.REMOTE_ROLE_ARN)
                .withExternalId("ext-1");
        assertThat(remote.base()).isInstanceOf(KmsAuth.OidcTokenSupplier.class);
        assertThat(remote.externalId()).isEqualTo("ext-1");
        assertThat(remote.toString()).contains(Canaries.REMOTE_ROLE_ARN).contains(ROLE_ARN);
    }
}
