package dev.secretsync.examples.plain;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.embedded.SecretStatus;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.embedded.KmsSecretSync;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsStoreConfig;
import dev.secretsync.testkit.KmsEmulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads a secret from KMS (here: the local emulator), rotates it and shows the change listener
 * firing. Prints names, versions and sizes, never values.
 *
 * <pre>./mvnw -pl examples/plain-java -am install -DskipTests && ./mvnw -pl examples/plain-java exec:java</pre>
 */
public final class PlainJavaExample {

    private static final String ACCESS_KEY_ID = "example-access-key";
    private static final String ACCESS_KEY_SECRET = "example-access-key-secret";

    private PlainJavaExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (!run(System.out)) {
            System.exit(1);
        }
    }

    /** Runs the example; returns whether the rotation was seen. */
    public static boolean run(PrintStream out) throws InterruptedException {
        try (KmsEmulator kms = KmsEmulator.builder().accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET).build().start()) {
            kms.createSecret("app-db", "v1", "{\"username\":\"app\",\"password\":\"first-password\"}");
            out.println("KMS emulator listening on " + kms.endpoint());

            // In production: region + KmsAuth.oidcTokenFile(...) (RRSA) or another sign-in, no endpoint.
            KmsStoreConfig store = KmsStoreConfig.builder()
                    .region("cn-hangzhou")
                    .endpoint(kms.endpoint())
                    .protocol(KmsStoreConfig.Protocol.HTTP)
                    .allowLoopbackEndpoint(true)
                    .auth(KmsAuth.accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET))
                    .build();

            CountDownLatch rotated = new CountDownLatch(1);
            try (SecretSync secrets = KmsSecretSync.builder(store)
                    .refreshInterval(Duration.ofSeconds(1))
                    .maxStaleness(Duration.ofSeconds(30))
                    .listener(change -> {
                        out.println("listener: secret '" + change.name() + "' changed " + change.previousVersionId()
                                + " -> " + change.versionId() + " (" + change.value().size() + " bytes)");
                        rotated.countDown();
                    })
                    .build()) {

                SecretValue value = secrets.get("app-db");        // the first read waits for one fetch
                String username = secrets.getJsonField("app-db", "username");
                out.println("read 'app-db' version " + value.versionId().orElse("-") + ", " + value.size()
                        + " bytes; field 'username' has " + username.length() + " characters");

                String newVersion = kms.rotate("app-db", "{\"username\":\"app\",\"password\":\"second-password\"}");
                out.println("rotated 'app-db' in KMS to version " + newVersion + "; reads keep answering at once meanwhile");

                boolean seen = rotated.await(30, TimeUnit.SECONDS);
                SecretStatus status = secrets.status("app-db");
                out.println("status: version " + status.versionId() + ", last refresh " + status.lastRefresh()
                        + ", stale " + status.stale());
                return seen && newVersion.equals(status.versionId());
            }
        }
    }
}
