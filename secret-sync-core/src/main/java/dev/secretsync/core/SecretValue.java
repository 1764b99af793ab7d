package dev.secretsync.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One fetched secret version. Immutable.
 *
 * <p>The value itself is reachable only through {@link #asString()} and {@link #asBytes()}:
 * {@code toString()} shows the version and a short content fingerprint, never the content, so a
 * value can be logged, put in an exception or compared in an assertion without leaking.
 */
public final class SecretValue {

    /** Whether the source stored the secret as text or as binary data. */
    public enum Kind { TEXT, BINARY }

    private final byte[] data;
    private final Kind kind;
    private final String versionId;
    private final Map<String, String> metadata;
    private final Instant nextRotation;
    private final String contentHash;

    private SecretValue(byte[] data, Kind kind, String versionId, Map<String, String> metadata,
                        Instant nextRotation) {
        this.data = data;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.versionId = versionId;
        this.metadata = Map.copyOf(metadata);
        this.nextRotation = nextRotation;
        this.contentHash = sha256(data);
    }

    public static SecretValue text(String text, String versionId) {
        Objects.requireNonNull(text, "text");
        return new SecretValue(text.getBytes(StandardCharsets.UTF_8), Kind.TEXT, versionId, Map.of(), null);
    }

    public static SecretValue binary(byte[] bytes, String versionId) {
        Objects.requireNonNull(bytes, "bytes");
        return new SecretValue(bytes.clone(), Kind.BINARY, versionId, Map.of(), null);
    }

    /** A copy with source metadata (secret type, creation time, ...), never secret material. */
    public SecretValue withMetadata(Map<String, String> metadata) {
        return new SecretValue(data, kind, versionId, metadata, nextRotation);
    }

    /** A copy that tells the scheduler when the source will rotate this secret next. */
    public SecretValue withNextRotation(Instant nextRotation) {
        return new SecretValue(data, kind, versionId, metadata, nextRotation);
    }

    public Kind kind() {
        return kind;
    }

    /** The value as UTF-8 text (binary values are decoded as UTF-8 as well). */
    public String asString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** A copy of the raw bytes. */
    public byte[] asBytes() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }

    public Optional<String> versionId() {
        return Optional.ofNullable(versionId);
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public Optional<Instant> nextRotation() {
        return Optional.ofNullable(nextRotation);
    }

    /**
     * Hex SHA-256 of the content, for change detection. Not for logs or status: a hash of a
     * low-entropy value can be reversed by guessing.
     */
    public String contentHash() {
        return contentHash;
    }

    /** Same content, kind and version. Metadata is not compared. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue other
                && kind == other.kind
                && Objects.equals(versionId, other.versionId)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, versionId, contentHash);
    }

    @Override
    public String toString() {
        // No fingerprint either: a hash of a short password can be brute-forced.
        return "SecretValue[version=" + versionId + ", kind=" + kind + ", size=" + data.length
                + ", value=<redacted>]";
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
