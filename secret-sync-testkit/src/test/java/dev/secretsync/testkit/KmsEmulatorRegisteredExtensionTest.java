package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.kms20160120.models.GetSecretValueRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic form, with an own access key and HTTPS. */
class KmsEmulatorRegisteredExtensionTest {

    @RegisterExtension
    static final KmsEmulatorExtension KMS = KmsEmulatorExtension
            .withBuilder(b -> b.https(true).seed("secrets: [{name: s, versions: [{id: a, stages: [ACSCurrent], data: hello}]}]"))
            .accessKey("my-ak", "my-sk");

    @Test
    void theClientSignsWithTheChosenKeyOverHttps() throws Exception {
        assertThat(KMS.accessKeyId()).isEqualTo("my-ak");
        assertThat(KMS.emulator().isHttps()).isTrue();
        assertThat(KmsClients.client(KMS).getSecretValue(new GetSecretValueRequest().setSecretName("s")).getBody()
                .getSecretData()).isEqualTo("hello");
    }
}
