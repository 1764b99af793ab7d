package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KmsEmulatorBuilderTest {

    @Test
    void settingsAreCheckedWhenGiven() {
        KmsEmulator.Builder b = KmsEmulator.builder();
        assertThatThrownBy(() -> b.accessKey(" ", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.accessKey("x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.stsCredential("a", "b", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.port(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.seed("secrets: [{name: a, bogus: 1}]")).hasMessageContaining("bogus");
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.credentialsUriLifetime(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bindsTheGivenPortOnLoopbackAndFreesItOnClose() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        KmsEmulator kms = KmsEmulator.builder().accessKey("a", "b").port(free).build();
        assertThatThrownBy(kms::endpoint).isInstanceOf(IllegalStateException.class);
        kms.start();
        try {
            assertThat(kms.port()).isEqualTo(free);
            assertThat(kms.endpoint()).isEqualTo("127.0.0.1:" + free);
            assertThat(kms.url()).isEqualTo("http://127.0.0.1:" + free);
            assertThat(kms.stsEndpoint()).startsWith("127.0.0.1:").isNotEqualTo(kms.endpoint());
            assertThat(kms.toString()).contains(kms.url());
            assertThatThrownBy(kms::start).isInstanceOf(IllegalStateException.class);
        } finally {
            kms.close();
        }
        assertThat(kms.toString()).contains("stopped");
        try (ServerSocket again = new ServerSocket(free, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(free);
        }
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            KmsEmulator kms = KmsEmulator.builder().port(taken.getLocalPort()).build();
            assertThatThrownBy(kms::start).hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
    }
}
