package dev.secretsync.spring;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SecretSource;
import dev.secretsync.core.spi.SourceException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A test source: current values by secret name. */
final class MapSecretSource implements SecretSource {

    private final Map<String, SecretValue> values = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile FailureKind outage;

    MapSecretSource put(String name, String text, String version) {
        values.put(name, SecretValue.text(text, version));
        return this;
    }

    void outage(FailureKind kind) {
        this.outage = kind;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public SecretValue fetch(SourceRef ref) throws SourceException {
        calls.incrementAndGet();
        if (outage != null) {
            throw new SourceException(outage, "Test." + outage, "fetching " + ref + " failed (test)");
        }
        SecretValue value = values.get(ref.name());
        if (value == null) {
            throw new SourceException(FailureKind.NOT_FOUND, "Forbidden.ResourceNotFound", "no secret " + ref);
        }
        return value;
    }
}
