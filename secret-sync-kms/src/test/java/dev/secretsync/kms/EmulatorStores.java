package dev.secretsync.kms;

import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.SourceException;
import dev.secretsync.testkit.KmsEmulator;
import java.time.Duration;

/** What the emulator ITs share: a store on the emulator's plain-HTTP endpoint, and an expected failure. */
final class EmulatorStores {

    private EmulatorStores() {
    }

    static KmsStoreConfig.Builder loopback(KmsEmulator emulator, KmsAuth auth) {
        return KmsStoreConfig.builder()
                .region("cn-hangzhou")
                .endpoint(emulator.endpoint())
                .protocol(KmsStoreConfig.Protocol.HTTP)
                .allowLoopbackEndpoint(true)
                .readTimeout(Duration.ofSeconds(5))
                .auth(auth);
    }

    static SourceException failure(KmsSecretSource source, SourceRef ref) {
        try {
            source.fetch(ref);
        } catch (SourceException e) {
            return e;
        }
        throw new AssertionError("expected fetching " + ref + " to fail");
    }
}
