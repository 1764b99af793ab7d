package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Alibaba Cloud KMS (secrets API, version 2016-01-20) that the official SDKs talk to over a
 * real socket, checking their signatures as KMS does. On the same endpoint it serves OOS encrypted
 * parameters (GetSecretParameter, version 2019-06-01). Also serves an STS stand-in (HTTPS), a
 * credentials URI (HTTP) and the KMS instance Client Key endpoint. Listens on 127.0.0.1 only.
 *
 * <pre>{@code
 * try (KmsEmulator kms = KmsEmulator.builder().accessKey("ak", "secret").seed(yaml).build().start()) {
 *     Config config = new Config().setAccessKeyId("ak").setAccessKeySecret("secret")
 *             .setProtocol("HTTP").setEndpoint(kms.endpoint());
 * }
 * }</pre>
 */
public final class KmsEmulator implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final boolean https;
    private final int port;
    private final int stsPort;
    private final Clock clock;
    private final Random random;
    private final CredentialRegistry credentials = new CredentialRegistry();
    private final SecretStore store;
    private final OosApi oos;
    private final RequestCounters counters = new RequestCounters();
    private final Faults faults;
    private final SignatureVerifier verifier;
    private final ClientKeyEndpoint clientKeys;
    private final StsEndpoint sts;
    private final KmsHandler kmsHandler;
    private TlsMaterial tls;
    private HttpServer kmsServer;
    private HttpsServer stsServer;
    private HttpServer uriServer;
    private ExecutorService executor;

    private KmsEmulator(Builder b) {
        this.https = b.https;
        this.port = b.port;
        this.stsPort = b.stsPort;
        this.clock = b.clock;
        this.random = new Random(b.randomSeed);
        this.store = new SecretStore(clock);
        this.oos = new OosApi(clock, b.region, b.accountId);
        for (Seed seed : b.seeds) {
            store.load(seed);
            oos.load(seed);
        }
        for (CredentialRegistry.Credential c : b.credentials) {
            credentials.add(c);
        }
        this.faults = new Faults(clock, new Random(b.randomSeed));
        this.verifier = new SignatureVerifier(credentials, clock);
        KmsApi api = new KmsApi(store, b.region, b.accountId);
        FaultGate gate = new FaultGate(faults);
        this.clientKeys = new ClientKeyEndpoint(store, clock, gate, counters);
        this.kmsHandler = new KmsHandler(api, oos, verifier, gate, counters, clientKeys);
        this.sts = new StsEndpoint(credentials, verifier, clock, counters, b.oidcToken,
                b.uriCredentialLifetime);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the servers on 127.0.0.1 and starts answering. Returns this for chaining. */
    public synchronized KmsEmulator start() {
        if (kmsServer != null) {
            throw new IllegalStateException("already started");
        }
        try {
            tls = TlsMaterial.shared();
            // One thread per concurrent request: added latency must not queue other callers.
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "kms-emulator-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            InetSocketAddress kmsAddress = new InetSocketAddress(TlsMaterial.loopback(), port);
            if (https) {
                HttpsServer server = HttpsServer.create(kmsAddress, 0);
                server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext));
                kmsServer = server;
            } else {
                kmsServer = HttpServer.create(kmsAddress, 0);
            }
            kmsServer.createContext("/", kmsHandler);
            kmsServer.setExecutor(executor);

            stsServer = HttpsServer.create(new InetSocketAddress(TlsMaterial.loopback(), stsPort), 0);
            stsServer.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext));
            stsServer.createContext("/", sts.stsHandler());
            stsServer.setExecutor(executor);

            uriServer = HttpServer.create(new InetSocketAddress(TlsMaterial.loopback(), 0), 0);
            uriServer.createContext("/credentials", sts.credentialsUriHandler());
            uriServer.setExecutor(executor);

            kmsServer.start();
            stsServer.start();
            uriServer.start();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start the KMS emulator on 127.0.0.1:" + port, e);
        }
    }

    /** Stops every server at once and frees the ports. */
    @Override
    public synchronized void close() {
        for (HttpServer s : new HttpServer[] {kmsServer, stsServer, uriServer}) {
            if (s != null) {
                s.stop(0);
            }
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        kmsServer = null;
        stsServer = null;
        uriServer = null;
        executor = null;
    }

    // ---- where to connect

    /** "127.0.0.1:PORT", for the SDK's Config.setEndpoint. */
    public String endpoint() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return running().getAddress().getPort();
    }

    public boolean isHttps() {
        return https;
    }

    /** "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT". */
    public String url() {
        return (https ? "https://" : "http://") + endpoint();
    }

    /** The STS stand-in's "127.0.0.1:PORT" (always HTTPS), for setSTSEndpoint. */
    public String stsEndpoint() {
        running();
        return "127.0.0.1:" + stsServer.getAddress().getPort();
    }

    /** The credentials URI (plain HTTP), for ALIBABA_CLOUD_CREDENTIALS_URI or setCredentialsURI. */
    public String credentialsUri() {
        running();
        return "http://127.0.0.1:" + uriServer.getAddress().getPort() + "/credentials";
    }

    /** The self-signed certificate (PEM) of the HTTPS endpoints, for the SDK's Config.setCa. */
    public String caCertificatePem() {
        running();
        return tls.certificatePem();
    }

    /**
     * Writes a PKCS#12 trust store with the JDK's trusted CAs plus this emulator's certificate.
     * Point a JVM at it (javax.net.ssl.trustStore) to let credentials-java reach the STS stand-in.
     */
    public Path writeTrustStore(Path file, char[] password) {
        running();
        tls.writeTrustStore(file, password);
        return file;
    }

    /**
     * Writes the trust store of {@link #writeTrustStore} and makes it this JVM's default
     * (javax.net.ssl.trustStore, -Password, -Type). credentials-java reads it on every STS call.
     * Meant for test JVMs: it replaces the trust store of the whole JVM.
     */
    public Path installJvmTrustStore(Path file) {
        String password = "changeit";
        writeTrustStore(file, password.toCharArray());
        System.setProperty("javax.net.ssl.trustStore", file.toAbsolutePath().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", password);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        return file;
    }

    // ---- admin: change state without HTTP

    /** Creates a text secret with one version in ACSCurrent. */
    public KmsEmulator createSecret(String name, String versionId, String data) {
        return admin(() -> store.putVersion(name, versionId, data, Seed.DataType.TEXT, List.of(), true));
    }

    /** Creates a binary secret with one version in ACSCurrent. */
    public KmsEmulator createSecret(String name, String versionId, byte[] data) {
        return admin(() -> store.putVersion(name, versionId, Base64.getEncoder().encodeToString(data),
                Seed.DataType.BINARY, List.of(), true));
    }

    /** Adds a text version (created if needed); with no stages it becomes ACSCurrent, as PutSecretValue does. */
    public KmsEmulator putSecretValue(String name, String versionId, String data, String... stages) {
        return admin(() -> store.putVersion(name, versionId, data, Seed.DataType.TEXT, List.of(stages), true));
    }

    /** Adds a binary version (created if needed). */
    public KmsEmulator putSecretValue(String name, String versionId, byte[] data, String... stages) {
        return admin(() -> store.putVersion(name, versionId, Base64.getEncoder().encodeToString(data),
                Seed.DataType.BINARY, List.of(stages), true));
    }

    /** Rotates: a new text version becomes ACSCurrent and the old one ACSPrevious. Returns the new version id. */
    public String rotate(String name, String newData) {
        String versionId = newVersionId();
        admin(() -> store.rotate(name, versionId, newData, Seed.DataType.TEXT));
        return versionId;
    }

    /** Rotates with a binary version. Returns the new version id. */
    public String rotate(String name, byte[] newData) {
        String versionId = newVersionId();
        admin(() -> store.rotate(name, versionId, Base64.getEncoder().encodeToString(newData), Seed.DataType.BINARY));
        return versionId;
    }

    /** Sets the rotation interval and next rotation date (interval null turns rotation off). */
    public KmsEmulator rotationSchedule(String name, Duration interval, Instant nextRotationDate) {
        return admin(() -> store.rotationSchedule(name, interval, nextRotationDate));
    }

    /** Sets the secret's ExtendedConfig (a JSON string). */
    public KmsEmulator extendedConfig(String name, String json) {
        return admin(() -> store.extendedConfig(name, json));
    }

    /** Loads more secrets and parameters; a secret of the same name is replaced, a parameter gets a new version. */
    public KmsEmulator load(Seed seed) {
        store.load(seed);
        oos.load(seed);
        return this;
    }

    /** Creates an OOS encrypted parameter, or adds a version to it (its ParameterVersion goes up by one). */
    public KmsEmulator putParameter(String name, String value) {
        if (name == null || name.isBlank() || value == null) {
            throw new IllegalArgumentException("a parameter needs a name and a value");
        }
        oos.put(name, value);
        return this;
    }

    /** Adds an access key at run time. */
    public KmsEmulator addAccessKey(String accessKeyId, String accessKeySecret) {
        credentials.add(new CredentialRegistry.Credential(accessKeyId, accessKeySecret, null, null));
        return this;
    }

    /** Makes a Client Key (key file content + password) that the Client Key endpoint accepts. */
    public ClientKey createClientKey() {
        ClientKey key = ClientKey.generate("KAAP." + newVersionId());
        registerClientKey(key.keyId(), key.publicKey());
        return key;
    }

    /** Registers the public key of a Client Key made elsewhere. */
    public KmsEmulator registerClientKey(String keyId, PublicKey publicKey) {
        clientKeys.register(Objects.requireNonNull(keyId), Objects.requireNonNull(publicKey));
        return this;
    }

    // ---- observation and faults

    /** Requests received for this action (KMS API, Client Key, AssumeRole, AssumeRoleWithOIDC, CredentialsURI). */
    public long requestCount(String action) {
        return counters.get(action);
    }

    public long requestCount(String action, String secretName) {
        return counters.get(action, secretName);
    }

    public void resetCounters() {
        counters.reset();
    }

    public Faults faults() {
        return faults;
    }

    public Clock clock() {
        return clock;
    }

    private HttpServer running() {
        HttpServer s = kmsServer;
        if (s == null) {
            throw new IllegalStateException("the emulator is not started");
        }
        return s;
    }

    private String newVersionId() {
        synchronized (random) {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }
    }

    private KmsEmulator admin(Runnable change) {
        try {
            change.run();
            return this;
        } catch (KmsException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "KmsEmulator[" + (kmsServer == null ? "stopped" : url()) + "]";
    }

    /** Settings, each checked when given. */
    public static final class Builder {
        private final List<CredentialRegistry.Credential> credentials = new ArrayList<>();
        private final List<Seed> seeds = new ArrayList<>();
        private boolean https;
        private int port;
        private int stsPort;
        private Clock clock = Clock.systemUTC();
        private long randomSeed = 42;
        private String region = "cn-hangzhou";
        private String accountId = "1234567890123456";
        private String oidcToken;
        private Duration uriCredentialLifetime = Duration.ofHours(1);

        private Builder() {
        }

        /** An accepted permanent access key; repeatable. */
        public Builder accessKey(String id, String secret) {
            credentials.add(new CredentialRegistry.Credential(nonBlank(id, "access key id"),
                    nonBlank(secret, "access key secret"), null, null));
            return this;
        }

        /** An accepted STS credential: requests must carry this security token. */
        public Builder stsCredential(String accessKeyId, String accessKeySecret, String securityToken) {
            credentials.add(new CredentialRegistry.Credential(nonBlank(accessKeyId, "access key id"),
                    nonBlank(accessKeySecret, "access key secret"), nonBlank(securityToken, "security token"), null));
            return this;
        }

        /** Serve KMS over HTTPS with the generated certificate (default: plain HTTP). */
        public Builder https(boolean https) {
            this.https = https;
            return this;
        }

        /** The KMS port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** The STS stand-in's port; 0 (default) picks a free one. */
        public Builder stsPort(int port) {
            this.stsPort = checkPort(port);
            return this;
        }

        public Builder seed(Path file) {
            seeds.add(Seed.load(Objects.requireNonNull(file, "seed file")));
            return this;
        }

        public Builder seed(String yaml) {
            seeds.add(Seed.parse(Objects.requireNonNull(yaml, "seed")));
            return this;
        }

        public Builder seed(Seed seed) {
            seeds.add(Objects.requireNonNull(seed, "seed"));
            return this;
        }

        /** The clock for signature dates, STS expirations, outage windows and the QPS limit. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Seed of the random choices of faults and of generated ids (default 42). */
        public Builder randomSeed(long seed) {
            this.randomSeed = seed;
            return this;
        }

        /** Region and account in ARNs (defaults cn-hangzhou, 1234567890123456). */
        public Builder region(String region) {
            this.region = nonBlank(region, "region");
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = nonBlank(accountId, "account id");
            return this;
        }

        /** If set, AssumeRoleWithOIDC accepts only this token (by default any non-empty token). */
        public Builder oidcToken(String token) {
            this.oidcToken = nonBlank(token, "OIDC token");
            return this;
        }

        /** Lifetime of credentials from the credentials URI (default 1 hour). */
        public Builder credentialsUriLifetime(Duration lifetime) {
            if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("lifetime must be at least a minute");
            }
            this.uriCredentialLifetime = lifetime;
            return this;
        }

        public KmsEmulator build() {
            return new KmsEmulator(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535");
            }
            return port;
        }

        private static String nonBlank(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return value;
        }
    }
}
