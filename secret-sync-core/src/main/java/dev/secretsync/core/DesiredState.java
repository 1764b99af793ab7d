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
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a sink should hold: named entries of secret data plus non-secret attributes (for a
 * Kubernetes Secret: its type, labels, annotations). Immutable.
 *
 * <p>A state can also <em>hold</em> keys ({@link #withHeld}): keys whose references are not
 * available, which the sink keeps as the target has them while it writes the rest (a partial
 * failure). Held keys carry no data here; a key both written and held is written.
 *
 * <p>{@link #hash()} covers data, attributes and held keys, so a sink is written only when
 * something it holds would change. {@code toString()} lists the keys, never the data.
 */
public final class DesiredState {

    private final SortedMap<String, byte[]> data;
    private final SortedMap<String, String> attributes;
    private final SortedSet<String> held;
    private final boolean holdsOtherKeys;
    private final String hash;

    private DesiredState(Map<String, byte[]> data, Map<String, String> attributes) {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        data.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value of " + k).clone()));
        this.data = Collections.unmodifiableSortedMap(copy);
        this.attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
        this.held = Collections.emptySortedSet();
        this.holdsOtherKeys = false;
        this.hash = computeHash(this.data, this.attributes, this.held, false);
    }

    private DesiredState(DesiredState base, Set<String> held, boolean holdsOtherKeys) {
        TreeSet<String> keys = new TreeSet<>();
        held.forEach(k -> keys.add(Objects.requireNonNull(k, "held key")));
        keys.removeAll(base.data.keySet());
        this.data = base.data;
        this.attributes = base.attributes;
        this.held = Collections.unmodifiableSortedSet(keys);
        this.holdsOtherKeys = holdsOtherKeys;
        this.hash = computeHash(data, attributes, this.held, holdsOtherKeys);
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

    /**
     * This state, also holding {@code keys} (and, with {@code otherKeys}, every key of the target
     * that it neither writes nor names): the sink keeps their current values. For a transform that
     * did without a reference ({@code Transform.canDoWithout}): the keys that reference would write,
     * or {@code otherKeys} when they are not known before it is fetched.
     */
    public DesiredState withHeld(Set<String> keys, boolean otherKeys) {
        return new DesiredState(this, Objects.requireNonNull(keys, "keys"), otherKeys);
    }

    /** The keys to write, sorted. */
    public Set<String> keys() {
        return data.keySet();
    }

    /** Keys the sink keeps as the target has them (never one of {@link #keys()}), sorted. */
    public SortedSet<String> heldKeys() {
        return held;
    }

    /** Whether the sink keeps every key of the target beyond {@link #keys()} too. */
    public boolean holdsOtherKeys() {
        return holdsOtherKeys;
    }

    /** Whether the sink keeps the target's current value of {@code key} rather than dropping it. */
    public boolean holds(String key) {
        return !data.containsKey(key) && (holdsOtherKeys || held.contains(key));
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

    /** Whether there is nothing to write (held keys do not count: they write nothing). */
    public boolean isEmpty() {
        return data.isEmpty();
    }

    /** Total bytes of data. */
    public long size() {
        return data.values().stream().mapToLong(v -> v.length).sum();
    }

    /**
     * Hex SHA-256 over keys, values, attributes and held keys. Stored by sinks to detect change; do not log it
     * (a hash of a short value can be reversed by guessing).
     */
    public String hash() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DesiredState other && hash.equals(other.hash)
                && attributes.equals(other.attributes) && keys().equals(other.keys())
                && held.equals(other.held) && holdsOtherKeys == other.holdsOtherKeys
                && data.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.data.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "DesiredState[keys=" + data.keySet() + (held.isEmpty() ? "" : ", held=" + held)
                + (holdsOtherKeys ? ", holds other keys" : "") + ", attributes=" + attributes.keySet() + "]";
    }

    private static String computeHash(SortedMap<String, byte[]> data, SortedMap<String, String> attributes,
                                      SortedSet<String> held, boolean holdsOtherKeys) {
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
            // Tagged, and absent when nothing is held: the hash of a state without holds is unchanged.
            for (String key : held) {
                update(digest, 'h', key.getBytes(StandardCharsets.UTF_8));
            }
            if (holdsOtherKeys) {
                digest.update((byte) '*');
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
