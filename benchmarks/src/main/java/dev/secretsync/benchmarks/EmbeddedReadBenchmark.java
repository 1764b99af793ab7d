package dev.secretsync.benchmarks;

import dev.secretsync.testkit.KmsEmulator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cached reads of one secret: {@code SecretSync.get} against the peer's
 * {@code SecretCacheClient.getSecretInfo}. Each trial starts its own emulator and client, reads
 * the secret once (so every measured read is a cache hit) and keeps refreshes far away: both
 * clients refresh once an hour, the peer's default TTL.
 */
@State(Scope.Benchmark)
public class EmbeddedReadBenchmark {

    static final String SECRETSYNC = "secretsync";
    static final String PEER = "peer";
    /** The peer without its default per-read lookup of a "ttl" field in the secret's JSON. */
    static final String PEER_NO_JSON_TTL = "peer-no-json-ttl";
    static final Duration REFRESH = Duration.ofHours(1);

    @Param({SECRETSYNC, PEER, PEER_NO_JSON_TTL})
    public String client;

    private KmsEmulator kms;
    private SecretReader reader;

    @Setup(Level.Trial)
    public void start() {
        kms = BenchKms.start();
        reader = switch (client) {
            case SECRETSYNC -> Clients.secretSync(kms, BenchKms.SECRETSYNC_READS, REFRESH);
            case PEER -> Clients.peer(kms, BenchKms.PEER_READS, REFRESH, true);
            case PEER_NO_JSON_TTL -> Clients.peer(kms, BenchKms.PEER_READS, REFRESH, false);
            default -> throw new IllegalArgumentException("unknown client " + client);
        };
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (reader != null) {
            reader.close();
        }
        if (kms != null) {
            kms.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object throughput() throws Exception {
        return reader.read();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object latency() throws Exception {
        return reader.read();
    }
}
