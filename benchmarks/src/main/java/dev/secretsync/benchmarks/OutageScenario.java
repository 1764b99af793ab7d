package dev.secretsync.benchmarks;

import dev.secretsync.testkit.KmsEmulator;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Both clients through one KMS outage, side by side: each has read its secret once and refreshes it
 * every {@code refresh}; then every KMS call fails with {@code 503 ServiceUnavailableTemporary} for
 * {@code outage}. One reader thread per client reads every {@code readInterval} from the start of
 * the outage until {@code 2 x refresh} after its end. At the end of the outage the secret is rotated,
 * so "recovered" means the client serves the new value by the end of the observation.
 */
final class OutageScenario {

    static final String GET_SECRET_VALUE = "GetSecretValue";
    /** A read slower than this waited for KMS (a cache hit takes microseconds at most). */
    static final Duration BLOCKED_READ = Duration.ofMillis(100);
    /** How long to wait for a reader stuck in a client call after the observation ends. */
    static final Duration READER_JOIN_LIMIT = Duration.ofMinutes(3);

    private final Duration outage;
    private final Duration refresh;
    private final Duration readInterval;

    OutageScenario(Duration outage, Duration refresh, Duration readInterval) {
        this.outage = outage;
        this.refresh = refresh;
        this.readInterval = readInterval;
    }

    /** What one client did during the outage. Counts only; no values. */
    record Outcome(long reads, long served, long errors, Map<String, Long> errorTypes, double maxReadMs,
                   long blockedReads, double blockedSeconds, long kmsCallsDuringOutage, long kmsCallsAfterOutage,
                   boolean recovered) {
    }

    record Result(Outcome secretSync, Outcome peer) {
    }

    Result run() throws InterruptedException {
        try (KmsEmulator kms = BenchKms.start();
             SecretReader secretSync = Clients.secretSync(kms, BenchKms.SECRETSYNC_OUTAGE, refresh);
             SecretReader peer = Clients.peer(kms, BenchKms.PEER_OUTAGE, refresh)) {
            long start = System.nanoTime();
            long outageEnd = start + outage.toNanos();
            long observationEnd = outageEnd + refresh.multipliedBy(2).toNanos();
            kms.resetCounters();
            kms.faults().outageFor(outage);

            Reader ssReader = new Reader("secretsync", secretSync, observationEnd);
            Reader peerReader = new Reader("peer", peer, observationEnd);
            ssReader.thread.start();
            peerReader.thread.start();

            sleepUntil(outageEnd);
            long ssDuring = kms.requestCount(GET_SECRET_VALUE, BenchKms.SECRETSYNC_OUTAGE);
            long peerDuring = kms.requestCount(GET_SECRET_VALUE, BenchKms.PEER_OUTAGE);
            kms.rotate(BenchKms.SECRETSYNC_OUTAGE, rotated());
            kms.rotate(BenchKms.PEER_OUTAGE, rotated());
            sleepUntil(observationEnd);
            ssReader.join();
            peerReader.join();
            long ssAll = kms.requestCount(GET_SECRET_VALUE, BenchKms.SECRETSYNC_OUTAGE);
            long peerAll = kms.requestCount(GET_SECRET_VALUE, BenchKms.PEER_OUTAGE);
            return new Result(
                    ssReader.outcome(ssDuring, ssAll - ssDuring),
                    peerReader.outcome(peerDuring, peerAll - peerDuring));
        }
    }

    private static String rotated() {
        return BenchKms.VALUE.replace("0123456789", "rotated-after-outage");
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** A paced reader on its own daemon thread, counting what the client did. */
    private final class Reader implements Runnable {
        final Thread thread;
        private final SecretReader client;
        private final long until;
        private final AtomicLong reads = new AtomicLong();
        private final AtomicLong served = new AtomicLong();
        private final AtomicLong blocked = new AtomicLong();
        private final AtomicLong blockedNanos = new AtomicLong();
        private final Map<String, Long> errorTypes = new TreeMap<>();
        private volatile long maxReadNanos;
        private volatile String lastText;

        Reader(String name, SecretReader client, long until) {
            this.client = client;
            this.until = until;
            this.thread = new Thread(this, "outage-reader-" + name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (System.nanoTime() < until) {
                long t0 = System.nanoTime();
                try {
                    Object value = client.read();
                    String text = value == null ? null : client.text(value);
                    if (text != null && !text.isEmpty()) {
                        served.incrementAndGet();
                        lastText = text;
                    } else {
                        record("null value");
                    }
                } catch (Exception e) {
                    record(e.getClass().getSimpleName());
                }
                long took = System.nanoTime() - t0;
                reads.incrementAndGet();
                if (took > maxReadNanos) {
                    maxReadNanos = took;
                }
                if (took > BLOCKED_READ.toNanos()) {
                    blocked.incrementAndGet();
                    blockedNanos.addAndGet(took);
                }
                LockSupport.parkNanos(readInterval.toNanos());
            }
        }

        private synchronized void record(String type) {
            errorTypes.merge(type, 1L, Long::sum);
        }

        void join() throws InterruptedException {
            thread.join(READER_JOIN_LIMIT.toMillis());
        }

        synchronized Outcome outcome(long callsDuring, long callsAfter) {
            long errors = errorTypes.values().stream().mapToLong(Long::longValue).sum();
            boolean recovered = rotated().equals(lastText);
            return new Outcome(reads.get(), served.get(), errors, Map.copyOf(errorTypes),
                    maxReadNanos / 1e6, blocked.get(), blockedNanos.get() / 1e9, callsDuring, callsAfter, recovered);
        }
    }
}
