package dev.secretsync.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SourceException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every KMS error code of the reference table, answered in KMS's JSON shape by a loopback server
 * and parsed by the real kms20160120 SDK. The emulator's faults cover 429/500/503 and resets; this
 * reaches the codes it has no switch for (no permission, deleted or disabled secrets, ...).
 */
class KmsErrorCodesIT {

    private static final AtomicReference<String[]> ANSWER = new AtomicReference<>();
    private static HttpServer server;
    private static KmsSecretSource source;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String[] answer = ANSWER.get();
            byte[] body = ("{\"RequestId\":\"req-1\",\"HostId\":\"kms.cn-hangzhou.aliyuncs.com\",\"Code\":\"" + answer[1]
                    + "\",\"Message\":\"stub message for " + answer[1] + "\",\"Recommend\":\"https://example.invalid\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        source = new KmsSecretSource().putStore("stub", KmsStoreConfig.builder()
                .region("cn-hangzhou")
                .endpoint("127.0.0.1:" + server.getAddress().getPort())
                .protocol(KmsStoreConfig.Protocol.HTTP)
                .allowLoopbackEndpoint(true)
                .auth(KmsAuth.accessKey("LTAI5tStub", Canaries.ACCESS_KEY_SECRET))
                .build());
    }

    @AfterAll
    static void stop() {
        source.close();
        server.stop(0);
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource({
            "400, InvalidParameter, INVALID",
            "400, MissingParameter, INVALID",
            "400, IllegalTimestamp, DENIED",
            "400, IncompleteSignature, DENIED",
            "403, Forbidden.NoPermission, DENIED",
            "403, Forbidden.AccessKey, DENIED",
            "403, Forbidden.KmsServiceNotEnabled, DENIED",
            "404, Forbidden.ResourceNotFound, NOT_FOUND",
            "404, InvalidAccessKeyId.NotFound, DENIED",
            "409, Rejected.ResourceInDeleteWindow, INVALID",
            "409, Rejected.Disabled, INVALID",
            "429, Rejected.Throttling, THROTTLED",
            "500, InternalFailure, RETRYABLE",
            "503, ServiceUnavailableTemporary, RETRYABLE"})
    void mapsEachCodeThroughTheRealSdk(String status, String code, FailureKind expected) {
        ANSWER.set(new String[] {status, code});
        try {
            source.fetch(SourceRef.current("stub", "app-db"));
            throw new AssertionError("expected " + code);
        } catch (SourceException e) {
            assertThat(e.kind()).isEqualTo(expected);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage())
                    .contains("secret 'app-db' in store 'stub'")
                    .contains(code)
                    .contains("HTTP " + status)
                    .contains("stub message")
                    .doesNotContain(Canaries.PREFIX);
        }
    }
}
