package dev.secretsync.examples.boot;

import dev.secretsync.testkit.KmsEmulator;
import java.util.Map;

/** The in-process KMS emulator of the {@code local} profile, seeded with the example's secrets. */
public final class LocalKms implements AutoCloseable {

    static final String ACCESS_KEY_ID = "local-access-key";
    static final String ACCESS_KEY_SECRET = "local-access-key-secret";

    private final KmsEmulator emulator;

    private LocalKms(KmsEmulator emulator) {
        this.emulator = emulator;
    }

    public static LocalKms start() {
        KmsEmulator emulator = KmsEmulator.builder().accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET).build().start()
                .createSecret("app-config", "c1", "{\"app\":{\"greeting\":\"hello from KMS\"}}")
                .createSecret("app-db", "d1", "{\"username\":\"app\",\"password\":\"local-password-1\"}");
        return new LocalKms(emulator);
    }

    public KmsEmulator emulator() {
        return emulator;
    }

    /** How the starter reaches the emulator (lowest precedence: anything else overrides it). */
    public Map<String, Object> properties() {
        return Map.of(
                "secret-sync.kms.region", "cn-hangzhou",
                "secret-sync.kms.endpoint", emulator.endpoint(),
                "secret-sync.kms.protocol", "HTTP",
                "secret-sync.kms.allow-loopback-endpoint", "true",
                "secret-sync.kms.auth.kind", "access-key",
                "secret-sync.kms.auth.access-key-id", ACCESS_KEY_ID,
                "secret-sync.kms.auth.access-key-secret", ACCESS_KEY_SECRET);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
