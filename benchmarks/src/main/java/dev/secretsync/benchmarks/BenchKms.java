package dev.secretsync.benchmarks;

import dev.secretsync.testkit.KmsEmulator;
import java.util.List;

/**
 * The in-process KMS emulator both clients read from: HTTPS (the peer's V1 SDK requests are
 * HTTPS-only), one access key, and one secret per client and scenario so the emulator's per-secret
 * counters tell the clients' calls apart.
 */
final class BenchKms {

    static final String ACCESS_KEY_ID = "bench-access-key-id";
    static final String ACCESS_KEY_SECRET = "bench-access-key-secret";
    static final String REGION = "cn-hangzhou";

    /** A typical secret: a small JSON login, as RDS and generic secrets usually hold. */
    static final String VALUE = "{\"username\":\"app\",\"password\":\"not-a-real-password-0123456789\"}";

    static final String SECRETSYNC_READS = "bench-secretsync-reads";
    static final String PEER_READS = "bench-peer-reads";
    static final String SECRETSYNC_OUTAGE = "bench-secretsync-outage";
    static final String PEER_OUTAGE = "bench-peer-outage";

    private BenchKms() {
    }

    static KmsEmulator start() {
        StringBuilder seed = new StringBuilder("secrets:\n");
        for (String name : List.of(SECRETSYNC_READS, PEER_READS, SECRETSYNC_OUTAGE, PEER_OUTAGE)) {
            seed.append("- name: ").append(name).append('\n')
                    .append("  versions:\n")
                    .append("  - {id: v1, stages: [ACSCurrent], data: '").append(VALUE).append("'}\n");
        }
        return KmsEmulator.builder()
                .accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
                .https(true)
                .seed(seed.toString())
                .build()
                .start();
    }
}
