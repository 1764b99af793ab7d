package dev.secretsync.kms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still at the time it was made until a test moves it forward (instead of
 * sleeping). Close enough to real time for signature-date checks during a short test class.
 */
final class ManualClock extends Clock {
    private final Instant start = Instant.now();
    private final AtomicLong offsetMillis = new AtomicLong();

    void advance(Duration by) {
        offsetMillis.addAndGet(by.toMillis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
        return start.plusMillis(offsetMillis.get());
    }
}
