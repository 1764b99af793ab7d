package dev.secretsync.controller;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.Transform;
import dev.secretsync.core.spi.TransformException;
import dev.secretsync.transform.DataEntry;
import dev.secretsync.transform.DataProcess;
import dev.secretsync.transform.JmesPath;
import dev.secretsync.transform.MappingTransform;
import dev.secretsync.transform.SecretMapping;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The mapping without the entries whose secret could not be fetched yet, plus, for the keys those
 * entries write, what the Secret holds now: a partial failure keeps the failed keys' old values
 * and still updates the others (ack-secret-manager's behaviour). Only for mappings without a
 * template, whose output keys can be told apart by entry.
 */
final class PartialTransform implements Transform {

    private final SecretMapping full;
    private final Set<SourceRef> failed;
    private final MappingTransform healthy;
    private final Set<String> failedKeys = new HashSet<>();
    private final boolean anyKey;
    private final Supplier<Map<String, byte[]>> held;

    /**
     * @throws TransformException if the remaining mapping does not compile
     * @throws IllegalArgumentException if nothing remains
     */
    PartialTransform(SecretMapping full, Set<SourceRef> failed, Supplier<Map<String, byte[]>> held)
            throws TransformException {
        this.full = full;
        this.failed = Set.copyOf(failed);
        this.held = held;
        SecretMapping.Builder remaining = SecretMapping.builder();
        boolean extractFailed = false;
        for (DataEntry d : full.data()) {
            if (failed.contains(d.source())) {
                failedKeys.add(d.name());
                d.jmesPath().stream().map(JmesPath::objectAlias).forEach(failedKeys::add);
            } else {
                remaining.data(d);
            }
        }
        for (DataProcess p : full.dataProcess()) {
            if (failed.contains(p.extract())) {
                extractFailed = true; // its keys are not known before it is fetched
            } else {
                remaining.dataProcess(p);
            }
        }
        this.anyKey = extractFailed;
        this.healthy = MappingTransform.compile(remaining.build());
    }

    List<SourceRef> refs() {
        return healthy.refs();
    }

    @Override
    public DesiredState apply(Map<SourceRef, SecretValue> values) throws TransformException {
        DesiredState state = healthy.apply(values);
        Map<String, byte[]> data = new TreeMap<>(state.data());
        held.get().forEach((key, value) -> {
            if (!data.containsKey(key) && (anyKey || failedKeys.contains(key))) {
                data.put(key, value);
            }
        });
        return DesiredState.of(data, state.attributes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartialTransform other && full.equals(other.full) && failed.equals(other.failed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(full, failed);
    }

    @Override
    public String toString() {
        return "PartialTransform[without " + failed + "]";
    }
}
