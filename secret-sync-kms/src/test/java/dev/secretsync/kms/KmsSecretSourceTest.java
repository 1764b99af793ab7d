package dev.secretsync.kms;

import static dev.secretsync.kms.Canaries.ACCESS_KEY_SECRET;
import static dev.secretsync.kms.Canaries.OIDC_PROVIDER_ARN;
import static dev.secretsync.kms.Canaries.PASSWORD;
import static dev.secretsync.kms.Canaries.PREFIX;
import static dev.secretsync.kms.Canaries.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SourceException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source behaviour that needs no KMS: unreachable or silent loopback ports stand in for it. */
class KmsSecretSourceTest {

    private final KmsSecretSource source = new KmsSecretSource();
    private RecordingProxySelector connections;

    @BeforeEach
    void recordConnections() {
        connections = RecordingProxySelector.install();
    }

    @AfterEach
    void tearDown() {
        connections.close();
        source.close();
    }

    @Test
    void unknownStoreIsInvalid() {
        assertThatThrownBy(() -> source.fetch(SourceRef.current("nope", "app-db")))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID);
                    assertThat(e.getMessage()).contains("'app-db'").contains("'nope'").contains("not configured");
                });
    }

    @Test
    void refusedConnectionIsRetryable() throws Exception {
        source.putStore("s", loopbackStore(closedPort(), KmsAuth.accessKey("id", ACCESS_KEY_SECRET)));
        SourceException e = fetchFailure("s", "app-db");
        assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(e.getMessage()).contains("connection refused").contains("'app-db'").contains("'s'")
                .doesNotContain(PREFIX);
    }

    @Test
    void silentServerTimesOutAsRetryable() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            KmsStoreConfig config = loopbackStore(silent.getLocalPort(), KmsAuth.accessKey("id", ACCESS_KEY_SECRET))
                    .toBuilder().readTimeout(Duration.ofMillis(300)).build();
            source.putStore("s", config);
            SourceException e = fetchFailure("s", "app-db");
            assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
            assertThat(e.getMessage()).contains("timed out");
        }
    }

    @Test
    void clientsAreBuiltOncePerStoreConfiguration() throws Exception {
        int port = closedPort();
        KmsStoreConfig a = loopbackStore(port, KmsAuth.accessKey("id-a", ACCESS_KEY_SECRET));
        KmsStoreConfig b = loopbackStore(port, KmsAuth.accessKey("id-b", ACCESS_KEY_SECRET));
        source.putStore("a", a).putStore("b", b);
        for (int i = 0; i < 3; i++) {
            fetchFailure("a", "x");
            fetchFailure("b", "x");
        }
        assertThat(source.clientsBuilt()).isEqualTo(2);
        StoreClient clientA = source.builtClient("a");
        StoreClient clientB = source.builtClient("b");

        source.putStore("a", loopbackStore(port, KmsAuth.accessKey("id-a", ACCESS_KEY_SECRET)));
        fetchFailure("a", "x");
        assertThat(source.builtClient("a")).isSameAs(clientA);

        source.putStore("a", a.toBuilder().readTimeout(Duration.ofSeconds(3)).build());
        fetchFailure("a", "x");
        fetchFailure("b", "x");
        assertThat(source.builtClient("a")).isNotSameAs(clientA);
        assertThat(source.builtClient("b")).isSameAs(clientB);
        assertThat(source.clientsBuilt()).isEqualTo(3);

        assertThat(source.removeStore("a")).isTrue();
        assertThat(source.storeNames()).containsExactly("b");
        assertThat(fetchFailure("a", "x").kind()).isEqualTo(FailureKind.INVALID);
    }

    @Test
    void ecsMetadataIsNeverAskedUnlessChosenAndThenHonoursTheKillSwitch() throws Exception {
        int port = closedPort();
        Path missingToken = Path.of("target", "no-such-token");
        List<KmsAuth> everyOtherSignIn = List.of(
                KmsAuth.accessKey("id", ACCESS_KEY_SECRET),
                KmsAuth.stsToken("STS.id", ACCESS_KEY_SECRET, Canaries.SECURITY_TOKEN),
                KmsAuth.assumeRole(KmsAuth.accessKey("id", ACCESS_KEY_SECRET), ROLE_ARN)
                        .withSession(KmsAuth.RoleSession.defaults().withStsEndpoint("127.0.0.1:" + port)),
                KmsAuth.oidcTokenFile(ROLE_ARN, OIDC_PROVIDER_ARN, missingToken)
                        .withSession(KmsAuth.RoleSession.defaults().withStsEndpoint("127.0.0.1:" + port)),
                KmsAuth.oidcTokenSupplier(ROLE_ARN, OIDC_PROVIDER_ARN, () -> Canaries.OIDC_TOKEN)
                        .withSession(KmsAuth.RoleSession.defaults().withStsEndpoint("127.0.0.1:" + port)),
                KmsAuth.credentialsUri(URI.create("http://127.0.0.1:" + port + "/credentials")));
        List<FailureKind> kinds = new ArrayList<>();
        for (int i = 0; i < everyOtherSignIn.size(); i++) {
            source.putStore("s" + i, loopbackStore(port, everyOtherSignIn.get(i)));
            SourceException e = fetchFailure("s" + i, "app-db");
            assertThat(e.getMessage()).doesNotContain(PREFIX);
            kinds.add(e.kind());
        }
        // The recorder works: credentials-java's HTTP client asked it for the loopback STS and URI.
        assertThat(connections.seen).anyMatch(uri -> uri.getPort() == port && "https".equals(uri.getScheme()));
        assertThat(connections.seen).anyMatch(uri -> uri.toString().startsWith("http://127.0.0.1:" + port + "/credentials"));
        assertThat(connections.hosts()).allMatch(host -> host.equals("127.0.0.1"));
        assertThat(kinds).doesNotContainNull();

        // Chosen explicitly, under the test JVM's ALIBABA_CLOUD_ECS_METADATA_DISABLED=true: refused before any connection.
        connections.seen.clear();
        source.putStore("ecs", KmsStoreConfig.builder().region("cn-hangzhou").auth(KmsAuth.ecsRamRole("node-role")).build());
        SourceException ecs = fetchFailure("ecs", "app-db");
        assertThat(ecs.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(ecs.getMessage()).contains("IMDS credentials is disabled").contains("'ecs'");
        assertThat(connections.seen).isEmpty();
    }

    @Test
    void missingOidcTokenFileIsDenied(@TempDir Path dir) throws Exception {
        int port = closedPort();
        source.putStore("s", loopbackStore(port, KmsAuth.oidcTokenFile(ROLE_ARN, OIDC_PROVIDER_ARN, dir.resolve("token"))
                .withSession(KmsAuth.RoleSession.defaults().withStsEndpoint("127.0.0.1:" + port))));
        SourceException e = fetchFailure("s", "app-db");
        assertThat(e.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(e.getMessage()).contains("could not sign in");
    }

    @Test
    void failingTokenSupplierIsDeniedWithoutItsMessage() throws Exception {
        int port = closedPort();
        source.putStore("s", loopbackStore(port, KmsAuth.oidcTokenSupplier(ROLE_ARN, OIDC_PROVIDER_ARN, () -> {
            throw new IllegalStateException("token " + PREFIX);
        }).withSession(KmsAuth.RoleSession.defaults().withStsEndpoint("127.0.0.1:" + port))));
        SourceException e = fetchFailure("s", "app-db");
        assertThat(e.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(e.getMessage()).contains("OIDC token supplier failed").doesNotContain(PREFIX);
        assertThat(connections.seen).isEmpty();
    }

    @Test
    void brokenClientKeyIsReportedWithoutItsSecrets() throws Exception {
        String key = "{\"KeyId\":\"KAAP.broken\",\"PrivateKeyData\":\"" + PREFIX + "bm90LWEtcGtjczEy\"}";
        source.putStore("ck", loopbackStore(closedPort(), KmsAuth.clientKey(key, PASSWORD)));
        SourceException e = fetchFailure("ck", "app-db");
        assertThat(e.kind()).isIn(FailureKind.INVALID, FailureKind.DENIED);
        assertThat(e.getMessage()).contains("could not set up the KMS client").contains("'ck'").doesNotContain(PREFIX);
        assertThat(source.clientsBuilt()).isZero();
    }

    private SourceException fetchFailure(String store, String name) {
        try {
            source.fetch(SourceRef.current(store, name));
        } catch (SourceException e) {
            return e;
        }
        throw new AssertionError("expected fetch of " + name + " from " + store + " to fail");
    }

    static KmsStoreConfig loopbackStore(int port, KmsAuth auth) {
        return KmsStoreConfig.builder()
                .region("cn-hangzhou")
                .endpoint("127.0.0.1:" + port)
                .protocol(KmsStoreConfig.Protocol.HTTP)
                .allowLoopbackEndpoint(true)
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2))
                .auth(auth)
                .build();
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
