package dev.secretsync.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a sink should hold: named entries of secret data plus non-secret attributes (for a
 * Kubernetes Secret: its type, labels, annotations). Immutable.
 *
 * <p>{@link #hash()} covers both, so a sink is written only when something it holds would change.
 * {@code toString()} lists the keys, never the data.
 */
public final class DesiredState {

    private final SortedMap<String, byte[]> data;
    private final SortedMap<String, String> attributes;
    private final String hash;

    private DesiredState(Map<String, byte[]> data, Map<String, String> attributes) {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        data.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value of " + k).clone()));
        this.data = Collections.unmodifiableSortedMap(copy);
        this.attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
        this.hash = computeHash(this.data, this.attributes);
    }

    public static DesiredState of(Map<String, byte[]> data) {
        return new DesiredState(data, Map.of());
    }

    public static DesiredState of(Map<String, byte[]> data, Map<String, String> attributes) {
        return new DesiredState(data, attributes);
    }

    public static DesiredState ofText(Map<String, String> data) {
        TreeMap<String, byte[]> bytes = new TreeMap<>();
        data.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return new DesiredState(bytes, Map.of());
    }

    /** The keys, sorted. */
    public java.util.Set<String> keys() {
        return data.keySet();
    }

    /** A copy of one entry's bytes, or {@code null}. */
    public byte[] get(String key) {
        byte[] value = data.get(key);
        return value == null ? null : value.clone();
    }

    /** Copies of all entries, sorted by key. */
    public SortedMap<String, byte[]> data() {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        data.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    public SortedMap<String, String> attributes() {
        return attributes;
    }

    public boolean isEmpty() {
        return data.isEmpty();
    }

    /** Total bytes of data. */
    public long size() {
        return data.values().stream().mapToLong(v -> v.length).sum();
    }

    /**
     * Hex SHA-256 over keys, values and attributes. Stored by sinks to detect change; do not log it
     * (a hash of a short value can be reversed by guessing).
     */
    public String hash() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DesiredState other && hash.equals(other.hash)
                && attributes.equals(other.attributes) && keys().equals(other.keys())
                && data.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.data.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "DesiredState[keys=" + data.keySet() + ", attributes=" + attributes.keySet() + "]";
    }

    private static String computeHash(SortedMap<String, byte[]> data, SortedMap<String, String> attributes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            // Length-prefixed fields: no two different maps share an encoding.
            for (var e : data.entrySet()) {
                update(digest, 'd', e.getKey().getBytes(StandardCharsets.UTF_8));
                update(digest, 'v', e.getValue());
            }
            for (var e : attributes.entrySet()) {
                update(digest, 'a', e.getKey().getBytes(StandardCharsets.UTF_8));
                update(digest, 'v', e.getValue().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static void update(MessageDigest digest, char tag, byte[] bytes) {
        digest.update((byte) tag);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
