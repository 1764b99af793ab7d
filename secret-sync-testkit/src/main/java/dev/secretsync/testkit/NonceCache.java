package dev.secretsync.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Remembers signature nonces for the accepted clock window, so a replayed request is refused. */
final class NonceCache {
    private static final Duration KEEP = Duration.ofMinutes(15);
    private final Map<String, Instant> seen = new LinkedHashMap<>();

    /** Returns false when this nonce was already used by this access key. */
    synchronized boolean firstUse(String accessKeyId, String nonce, Instant now) {
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next().isBefore(now.minus(KEEP))) {
                it.remove();
            } else {
                break;
            }
        }
        return seen.putIfAbsent(accessKeyId + '\n' + nonce, now) == null;
    }
}
