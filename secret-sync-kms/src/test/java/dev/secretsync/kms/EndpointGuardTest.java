package dev.secretsync.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "kms.cn-hangzhou.aliyuncs.com",
            "kms-vpc.cn-hangzhou.aliyuncs.com",
            "KMS-VPC.AP-SOUTHEAST-1.aliyuncs.com",
            "kms.cn-hangzhou.aliyuncs.com:443",
            "kst-hzz62ee3c8e2b4cd1k9nt.cryptoservice.kms.aliyuncs.com"})
    void acceptsKmsHosts(String endpoint) {
        assertThat(EndpointGuard.checkKms("endpoint", endpoint, false).host()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "100.100.100.200",
            "169.254.169.254",
            "10.0.0.1",
            "evil.example.com",
            "kms.cn-hangzhou.aliyuncs.com.evil.example.com",
            "kms.cn-hangzhou.aliyuncs.com.",
            "ecs.cn-hangzhou.aliyuncs.com",
            "kms-fips.cn-hangzhou.aliyuncs.com",
            "sts.aliyuncs.com",
            "xkms.cn-hangzhou.aliyuncs.com",
            "kms.cn-hangzhou.aliyuncs.com:8080",
            "a.b.cryptoservice.kms.aliyuncs.com"})
    void rejectsOtherHostsNamingTheField(String endpoint) {
        assertThatThrownBy(() -> EndpointGuard.checkKms("endpoint", endpoint, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint '")
                .hasMessageContaining(endpoint);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://kms.cn-hangzhou.aliyuncs.com",
            "kms.cn-hangzhou.aliyuncs.com/path",
            "user@kms.cn-hangzhou.aliyuncs.com",
            "kms.cn-hangzhou.aliyuncs.com?x=1",
            "kms.cn-hangzhou.aliyuncs.com#frag",
            "kms.cn hangzhou.aliyuncs.com",
            ""})
    void rejectsAnythingButHostAndPort(String endpoint) {
        assertThatThrownBy(() -> EndpointGuard.checkKms("endpoint", endpoint, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8443", "localhost:1234", "127.1.2.3", "[::1]:99", "::1"})
    void loopbackOnlyWhenAllowed(String endpoint) {
        assertThat(EndpointGuard.checkKms("endpoint", endpoint, true).isLoopback()).isTrue();
        assertThatThrownBy(() -> EndpointGuard.checkKms("endpoint", endpoint, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowLoopbackEndpoint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sts.aliyuncs.com", "sts.cn-hangzhou.aliyuncs.com", "sts-vpc.cn-shanghai.aliyuncs.com"})
    void acceptsStsHosts(String endpoint) {
        assertThat(EndpointGuard.checkSts("stsEndpoint", endpoint, false).host()).isEqualTo(endpoint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kms.cn-hangzhou.aliyuncs.com", "sts.example.com", "100.100.100.200", "ram.aliyuncs.com"})
    void rejectsNonStsHosts(String endpoint) {
        assertThatThrownBy(() -> EndpointGuard.checkSts("stsEndpoint", endpoint, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("stsEndpoint '" + endpoint + "'")
                .hasMessageContaining("sts.aliyuncs.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8443", "localhost:9"})
    void stsLoopbackOnlyWhenAllowed(String endpoint) {
        assertThat(EndpointGuard.checkSts("stsEndpoint", endpoint, true).isLoopback()).isTrue();
        assertThatThrownBy(() -> EndpointGuard.checkSts("stsEndpoint", endpoint, false))
                .hasMessageContaining("allowLoopbackEndpoint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"128.0.0.1", "127.0.0.256", "localhost.example.com", "0.0.0.0"})
    void lookalikesAreNotLoopback(String endpoint) {
        assertThatThrownBy(() -> EndpointGuard.checkKms("endpoint", endpoint, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint '" + endpoint + "'");
    }
}
