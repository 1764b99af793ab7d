package dev.secretsync.kms;

import static dev.secretsync.kms.Canaries.ACCESS_KEY_SECRET;
import static dev.secretsync.kms.Canaries.OIDC_PROVIDER_ARN;
import static dev.secretsync.kms.Canaries.OIDC_TOKEN;
import static dev.secretsync.kms.Canaries.PREFIX;
import static dev.secretsync.kms.Canaries.REMOTE_ROLE_ARN;
import static dev.secretsync.kms.Canaries.ROLE_ARN;
import static dev.secretsync.kms.Canaries.SECRET_VALUE;
import static dev.secretsync.kms.Canaries.SECURITY_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SourceException;
import dev.secretsync.testkit.ClientKey;
import dev.secretsync.testkit.KmsEmulator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sign-in path through the real SDKs against the emulator: KMS over HTTP and HTTPS, the STS
 * stand-in over HTTPS (trusted through a test trust store, as credentials-java always uses HTTPS
 * and the JVM's trust), the credentials URI, and the Client Key endpoint through the dkms SDK.
 */
class KmsSignInIT {

    private static final String AK_ID = "LTAI5tSignInIT";
    private static final String STS_ID = "STS.SignInIT";
    private static final String SEED = """
            secrets:
            - name: app-db
              versions:
              - {id: v1, stages: [ACSCurrent], data: '%s'}
            """.formatted(SECRET_VALUE);

    @TempDir
    static Path dir;
    private static KmsEmulator kms;
    private static KmsEmulator httpsKms;

    private KmsSecretSource source;
    private RecordingProxySelector connections;

    @BeforeAll
    static void startEmulators() {
        kms = KmsEmulator.builder()
                .accessKey(AK_ID, ACCESS_KEY_SECRET)
                .stsCredential(STS_ID, ACCESS_KEY_SECRET, SECURITY_TOKEN)
                .oidcToken(OIDC_TOKEN)
                .seed(SEED)
                .build().start();
        // credentials-java reaches STS over HTTPS with the JVM's trust only.
        kms.installJvmTrustStore(dir.resolve("truststore.p12"));
        httpsKms = KmsEmulator.builder().accessKey(AK_ID, ACCESS_KEY_SECRET).https(true).seed(SEED).build().start();
    }

    @AfterAll
    static void stopEmulators() {
        kms.close();
        httpsKms.close();
    }

    @BeforeEach
    void setUp() {
        kms.resetCounters();
        httpsKms.resetCounters();
        source = new KmsSecretSource();
        connections = RecordingProxySelector.install();
    }

    @AfterEach
    void tearDown() {
        connections.close();
        source.close();
        // Every connection of credentials-java went to the emulator: never to ECS metadata or a cloud.
        assertThat(connections.hosts()).allMatch(host -> host.equals("127.0.0.1"));
    }

    private static KmsStoreConfig httpStore(KmsAuth auth) {
        return KmsStoreConfig.builder()
                .region("cn-hangzhou")
                .endpoint(kms.endpoint())
                .protocol(KmsStoreConfig.Protocol.HTTP)
                .allowLoopbackEndpoint(true)
                .auth(auth)
                .build();
    }

    private static KmsAuth.RoleSession stsSession() {
        return KmsAuth.RoleSession.defaults().withStsEndpoint(kms.stsEndpoint());
    }

    private String fetchThreeTimes(String store) throws SourceException {
        String value = null;
        for (int i = 0; i < 3; i++) {
            value = source.fetch(SourceRef.current(store, "app-db")).asString();
        }
        return value;
    }

    @Test
    void accessKey() throws Exception {
        source.putStore("ak", httpStore(KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET)));
        assertThat(fetchThreeTimes("ak")).isEqualTo(SECRET_VALUE);
        assertThat(kms.requestCount("GetSecretValue", "app-db")).isEqualTo(3);
    }

    @Test
    void stsToken() throws Exception {
        source.putStore("sts", httpStore(KmsAuth.stsToken(STS_ID, ACCESS_KEY_SECRET, SECURITY_TOKEN)));
        assertThat(fetchThreeTimes("sts")).isEqualTo(SECRET_VALUE);
    }

    @Test
    void wrongStsTokenIsDenied() {
        source.putStore("sts", httpStore(KmsAuth.stsToken(STS_ID, ACCESS_KEY_SECRET, PREFIX + "-other-token")));
        SourceException e = failure("sts");
        assertThat(e.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(e.getMessage()).contains("'sts'").doesNotContain(PREFIX);
    }

    @Test
    void assumeRoleIsCachedAcrossFetches() throws Exception {
        source.putStore("role", httpStore(KmsAuth.assumeRole(KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET), ROLE_ARN)
                .withSession(stsSession().withSessionName("secret-sync-it"))));
        assertThat(fetchThreeTimes("role")).isEqualTo(SECRET_VALUE);
        assertThat(kms.requestCount("AssumeRole")).isEqualTo(1);
        assertThat(connections.seen).anyMatch(uri -> "https".equals(uri.getScheme()));
    }

    @Test
    void concurrentFirstFetchesShareOneClientAndOneRoleSession() throws Exception {
        source.putStore("role", httpStore(KmsAuth.assumeRole(KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET), ROLE_ARN)
                .withSession(stsSession())));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> source.fetch(SourceRef.current("role", "app-db")).asString()));
            }
            for (java.util.concurrent.Future<String> result : results) {
                assertThat(result.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(SECRET_VALUE);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(source.clientsBuilt()).isEqualTo(1);
        assertThat(kms.requestCount("AssumeRole")).isEqualTo(1);
        assertThat(kms.requestCount("GetSecretValue", "app-db")).isEqualTo(32);
    }

    @Test
    void assumeRoleRefreshesACredentialThatExpiresWithinFifteenMinutes() throws Exception {
        // credentials-java refreshes 15 minutes before expiry: a 15-minute session is stale at once,
        // so each fetch gets a fresh credential. This is what keeps long-running stores signed in.
        source.putStore("short", httpStore(KmsAuth.assumeRole(KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET), ROLE_ARN)
                .withSession(stsSession().withDuration(Duration.ofMinutes(15)))));
        assertThat(fetchThreeTimes("short")).isEqualTo(SECRET_VALUE);
        assertThat(kms.requestCount("AssumeRole")).isEqualTo(3);
        assertThat(source.clientsBuilt()).isEqualTo(1);
    }

    @Test
    void assumeRoleWithABadBaseKeyIsDenied() {
        source.putStore("role", httpStore(KmsAuth.assumeRole(KmsAuth.accessKey(AK_ID, PREFIX + "-wrong"), ROLE_ARN)
                .withSession(stsSession())));
        SourceException e = failure("role");
        assertThat(e.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(e.getMessage()).contains("could not sign in").contains("'role'").doesNotContain(PREFIX);
    }

    @Test
    void stsEchoOfTheBaseTokenNeverReachesTheMessage() {
        // STS answers a bad signature with its string-to-sign, which carries the base SecurityToken.
        source.putStore("role", httpStore(KmsAuth.assumeRole(KmsAuth.stsToken(STS_ID, PREFIX + "-wrong-secret",
                SECURITY_TOKEN), ROLE_ARN).withSession(stsSession())));
        SourceException e = failure("role");
        assertThat(e.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(e.getMessage()).contains("SignatureDoesNotMatch").doesNotContain(PREFIX);
    }

    @Test
    void oidcTokenFile() throws Exception {
        Path token = Files.writeString(dir.resolve("oidc-token"), OIDC_TOKEN);
        source.putStore("rrsa", httpStore(KmsAuth.oidcTokenFile(ROLE_ARN, OIDC_PROVIDER_ARN, token)
                .withSession(stsSession())));
        assertThat(fetchThreeTimes("rrsa")).isEqualTo(SECRET_VALUE);
        assertThat(kms.requestCount("AssumeRoleWithOIDC")).isEqualTo(1);
    }

    @Test
    void oidcTokenSupplierIsAskedOncePerSession() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> tokens = () -> {
            calls.incrementAndGet();
            return OIDC_TOKEN;
        };
        source.putStore("rrsa", httpStore(KmsAuth.oidcTokenSupplier(ROLE_ARN, OIDC_PROVIDER_ARN, tokens)
                .withSession(stsSession())));
        assertThat(fetchThreeTimes("rrsa")).isEqualTo(SECRET_VALUE);
        assertThat(calls).hasValue(1);
        assertThat(kms.requestCount("AssumeRoleWithOIDC")).isEqualTo(1);
    }

    @Test
    void oidcTokensAreReadAgainAtEachRefresh() throws Exception {
        // A 15-minute session is refreshed on every call (see above), which shows each refresh
        // reads the token file again (kubelet rotates it) and asks the supplier again.
        Path token = Files.writeString(dir.resolve("rotating-token"), OIDC_TOKEN);
        source.putStore("file", httpStore(KmsAuth.oidcTokenFile(ROLE_ARN, OIDC_PROVIDER_ARN, token)
                .withSession(stsSession().withDuration(Duration.ofMinutes(15)))));
        assertThat(source.fetch(SourceRef.current("file", "app-db")).asString()).isEqualTo(SECRET_VALUE);
        Files.writeString(token, PREFIX + "-rotated-but-unknown");
        SourceException e = failure("file");
        assertThat(e.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(e.getMessage()).doesNotContain(PREFIX);

        AtomicInteger calls = new AtomicInteger();
        source.putStore("supplier", httpStore(KmsAuth.oidcTokenSupplier(ROLE_ARN, OIDC_PROVIDER_ARN, () -> {
            calls.incrementAndGet();
            return OIDC_TOKEN;
        }).withSession(stsSession().withDuration(Duration.ofMinutes(15)))));
        assertThat(fetchThreeTimes("supplier")).isEqualTo(SECRET_VALUE);
        assertThat(calls).hasValue(3);
    }

    @Test
    void rejectedOidcTokenIsDeniedWithoutShowingIt() {
        String wrong = PREFIX + "-not-the-token";
        source.putStore("rrsa", httpStore(KmsAuth.oidcTokenSupplier(ROLE_ARN, OIDC_PROVIDER_ARN, () -> wrong)
                .withSession(stsSession())));
        SourceException e = failure("rrsa");
        assertThat(e.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(e.getMessage()).contains("AuthenticationFail.OIDCToken.Invalid").contains(ROLE_ARN)
                .doesNotContain(PREFIX);
    }

    @Test
    void crossAccountRoleOnTopOfRrsa() throws Exception {
        KmsAuth rrsa = KmsAuth.oidcTokenSupplier(ROLE_ARN, OIDC_PROVIDER_ARN, () -> OIDC_TOKEN).withSession(stsSession());
        source.putStore("remote", httpStore(KmsAuth.assumeRole(rrsa, REMOTE_ROLE_ARN).withExternalId("ext-42")
                .withSession(stsSession().withSessionName("remote-reader"))));
        assertThat(fetchThreeTimes("remote")).isEqualTo(SECRET_VALUE);
        assertThat(kms.requestCount("AssumeRoleWithOIDC")).isEqualTo(1);
        assertThat(kms.requestCount("AssumeRole")).isEqualTo(1);
    }

    @Test
    void firstAvailableFallsThroughATierThatCannotSignInAndKeepsTheOneThatDid() throws Exception {
        Path token = dir.resolve("late-token");
        KmsAuth rrsa = KmsAuth.oidcTokenFile(ROLE_ARN, OIDC_PROVIDER_ARN, token).withSession(stsSession());
        source.putStore("tiers", httpStore(KmsAuth.firstAvailable(java.util.List.of(rrsa,
                KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET)))));
        assertThat(source.fetch(SourceRef.current("tiers", "app-db")).asString()).isEqualTo(SECRET_VALUE);
        // The token file appears later: the store keeps the tier that worked, its identity does not flip.
        Files.writeString(token, OIDC_TOKEN);
        assertThat(fetchThreeTimes("tiers")).isEqualTo(SECRET_VALUE);
        assertThat(kms.requestCount("AssumeRoleWithOIDC")).isZero();

        source.putStore("rrsa-first", httpStore(KmsAuth.firstAvailable(java.util.List.of(rrsa,
                KmsAuth.accessKey(AK_ID, PREFIX + "-never-used")))));
        assertThat(fetchThreeTimes("rrsa-first")).isEqualTo(SECRET_VALUE);
        assertThat(kms.requestCount("AssumeRoleWithOIDC")).isEqualTo(1);
    }

    @Test
    void anUnreachableStsStopsTheWalkInsteadOfSettlingForALowerTier() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        KmsAuth role = KmsAuth.assumeRole(KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET), ROLE_ARN)
                .withSession(KmsAuth.RoleSession.defaults().withStsEndpoint("127.0.0.1:" + closed));
        source.putStore("flaky", httpStore(KmsAuth.firstAvailable(java.util.List.of(role,
                KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET)))));
        for (int i = 0; i < 2; i++) {
            SourceException e = failure("flaky");
            assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
        }
        assertThat(kms.requestCount("GetSecretValue")).as("the access key tier was never used").isZero();
    }

    @Test
    void whenNoTierSignsInEachIsNamedAndTheWorkerRoleAsksNoMetadataService() {
        KmsAuth rrsa = KmsAuth.oidcTokenFile(ROLE_ARN, OIDC_PROVIDER_ARN, dir.resolve("absent-token"))
                .withSession(stsSession());
        KmsAuth badRole = KmsAuth.assumeRole(KmsAuth.accessKey(AK_ID, PREFIX + "-wrong"), ROLE_ARN)
                .withSession(stsSession());
        source.putStore("none", httpStore(KmsAuth.firstAvailable(java.util.List.of(rrsa, badRole,
                KmsAuth.ecsRamRole(null)))));
        SourceException e = failure("none");
        assertThat(e.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(e.getMessage()).contains("no sign-in tier produced a credential").contains("tier 1 OidcTokenFile")
                .contains("tier 2 AssumeRole(AccessKey)").contains("tier 3 EcsRamRole").doesNotContain(PREFIX);
        assertThat(kms.requestCount("GetSecretValue")).isZero();
    }

    @Test
    void credentialsUri() throws Exception {
        source.putStore("uri", httpStore(KmsAuth.credentialsUri(URI.create(kms.credentialsUri()))));
        assertThat(fetchThreeTimes("uri")).isEqualTo(SECRET_VALUE);
        assertThat(kms.requestCount("CredentialsURI")).isEqualTo(1);
        assertThat(connections.seen).anyMatch(uri -> uri.toString().startsWith(kms.credentialsUri()));
    }

    @Test
    void httpsEndpointWithItsCa() throws Exception {
        source.putStore("tls", KmsStoreConfig.builder()
                .region("cn-hangzhou")
                .endpoint(httpsKms.endpoint())
                .caPem(httpsKms.caCertificatePem())
                .allowLoopbackEndpoint(true)
                .auth(KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET))
                .build());
        assertThat(fetchThreeTimes("tls")).isEqualTo(SECRET_VALUE);
        assertThat(httpsKms.requestCount("GetSecretValue", "app-db")).isEqualTo(3);
    }

    @Test
    void httpsEndpointWithTheWrongCaIsRefusedAsInvalid() throws Exception {
        // A separate emulator (its own port): tea caches HTTP clients per host:port, not per CA.
        try (KmsEmulator other = KmsEmulator.builder().accessKey(AK_ID, ACCESS_KEY_SECRET).https(true).seed(SEED)
                .build().start()) {
            source.putStore("tls", KmsStoreConfig.builder()
                    .region("cn-hangzhou")
                    .endpoint(other.endpoint())
                    .caPem(someOtherCaPem(other.caCertificatePem()))
                    .allowLoopbackEndpoint(true)
                    .auth(KmsAuth.accessKey(AK_ID, ACCESS_KEY_SECRET))
                    .build());
            SourceException e = failure("tls");
            assertThat(e.kind()).isEqualTo(FailureKind.INVALID);
            assertThat(e.getMessage()).contains("TLS").contains("caPem");
            assertThat(other.requestCount("GetSecretValue")).isZero();
        }
    }

    @Test
    void clientKeyThroughTheDkmsSdkOverHttps() throws Exception {
        ClientKey key = httpsKms.createClientKey();
        source.putStore("ck", KmsStoreConfig.builder()
                .region("cn-hangzhou")
                .endpoint(httpsKms.endpoint())
                .caPem(httpsKms.caCertificatePem())
                .allowLoopbackEndpoint(true)
                .auth(KmsAuth.clientKey(key.clientKeyContent(), key.password()))
                .build());
        assertThat(fetchThreeTimes("ck")).isEqualTo(SECRET_VALUE);
        assertThat(source.builtClient("ck")).isInstanceOf(ClientKeyStoreClient.class);
        assertThat(httpsKms.requestCount("GetSecretValue", "app-db")).isEqualTo(3);
        assertThat(source.fetch(SourceRef.current("ck", "app-db")).metadata())
                .containsEntry(KmsSecretSource.META_VERSION_STAGES, "ACSCurrent");
    }

    @Test
    void clientKeyErrorsAreClassified() throws Exception {
        ClientKey key = kms.createClientKey();
        source.putStore("ck", httpStore(KmsAuth.clientKey(key.clientKeyContent(), key.password())));
        assertThat(source.fetch(SourceRef.current("ck", "app-db")).asString()).isEqualTo(SECRET_VALUE);
        SourceException missing = failure("ck", "no-such-secret");
        assertThat(missing.kind()).isEqualTo(FailureKind.NOT_FOUND);
        kms.faults().failNext(1, 503);
        try {
            assertThat(failure("ck", "app-db").kind()).isEqualTo(FailureKind.RETRYABLE);
        } finally {
            kms.faults().clear();
        }

        ClientKey unknown = ClientKey.generate("KAAP.not-registered");
        source.putStore("stranger", httpStore(KmsAuth.clientKey(unknown.clientKeyContent(), unknown.password())));
        SourceException denied = failure("stranger", "app-db");
        assertThat(denied.kind()).isEqualTo(FailureKind.DENIED);
        assertThat(denied.getMessage()).doesNotContain(unknown.password());

        source.putStore("badpw", httpStore(KmsAuth.clientKey(key.clientKeyContent(), PREFIX + "-wrong-password")));
        SourceException badPassword = failure("badpw", "app-db");
        assertThat(badPassword.kind()).isEqualTo(FailureKind.INVALID);
        assertThat(badPassword.getMessage()).contains("client key could not be loaded").doesNotContain(PREFIX);
    }

    @Test
    void sdkLogsNeverShowSecretsOrTokens() throws Exception {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream capture = new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            source.putStore("bad-base", httpStore(KmsAuth.assumeRole(KmsAuth.accessKey(AK_ID, PREFIX + "-wrong"),
                    ROLE_ARN).withSession(stsSession())));
            source.putStore("bad-token", httpStore(KmsAuth.oidcTokenSupplier(ROLE_ARN, OIDC_PROVIDER_ARN,
                    () -> PREFIX + "-bad-token").withSession(stsSession())));
            source.putStore("good", httpStore(KmsAuth.assumeRole(KmsAuth.stsToken(STS_ID, ACCESS_KEY_SECRET,
                    SECURITY_TOKEN), ROLE_ARN).withSession(stsSession())));
            failure("bad-base");
            failure("bad-token");
            assertThat(fetchThreeTimes("good")).isEqualTo(SECRET_VALUE);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(PREFIX);
    }

    /** A CA certificate of the JDK's trust store: real, valid, and not the emulator's. */
    private static String someOtherCaPem(String emulatorPem) throws Exception {
        javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        factory.init((java.security.KeyStore) null);
        for (javax.net.ssl.TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof javax.net.ssl.X509TrustManager x509) {
                for (java.security.cert.X509Certificate cert : x509.getAcceptedIssuers()) {
                    String pem = "-----BEGIN CERTIFICATE-----\n"
                            + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                                    .encodeToString(cert.getEncoded())
                            + "\n-----END CERTIFICATE-----\n";
                    if (!emulatorPem.replaceAll("\\s", "").equals(pem.replaceAll("\\s", ""))) {
                        return pem;
                    }
                }
            }
        }
        throw new IllegalStateException("the JDK trust store holds no other CA");
    }

    private SourceException failure(String store) {
        return failure(store, "app-db");
    }

    private SourceException failure(String store, String name) {
        try {
            source.fetch(SourceRef.current(store, name));
        } catch (SourceException e) {
            return e;
        }
        throw new AssertionError("expected fetching " + name + " from " + store + " to fail");
    }
}
