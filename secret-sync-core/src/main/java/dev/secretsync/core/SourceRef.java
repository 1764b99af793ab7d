package dev.secretsync.core;

import java.util.Objects;

/**
 * One secret version in one store: the unit the engine fetches, caches and schedules.
 *
 * <p>Every binding that needs the same reference shares one fetch and one schedule. A reference
 * selects a version by stage (for example {@code ACSCurrent}), by version id, or by both (KMS then
 * answers the version with that id only while it carries that stage); with neither it means the
 * source's current version.
 *
 * @param store       the store (credentials + endpoint) to read from; never blank
 * @param name        the secret's name in that store; never blank
 * @param versionStage a version stage, or {@code null}
 * @param versionId   a version id, or {@code null}
 */
public record SourceRef(String store, String name, String versionStage, String versionId) {

    public SourceRef {
        requireText(store, "store");
        requireText(name, "name");
        if (versionStage != null && versionStage.isBlank()) {
            versionStage = null;
        }
        if (versionId != null && versionId.isBlank()) {
            versionId = null;
        }
    }

    /** The current version of {@code name} in {@code store}. */
    public static SourceRef current(String store, String name) {
        return new SourceRef(store, name, null, null);
    }

    /** The version of {@code name} that carries {@code stage}. */
    public static SourceRef stage(String store, String name, String stage) {
        return new SourceRef(store, name, Objects.requireNonNull(stage, "stage"), null);
    }

    /** The version of {@code name} with id {@code versionId}. */
    public static SourceRef versionId(String store, String name, String versionId) {
        return new SourceRef(store, name, null, Objects.requireNonNull(versionId, "versionId"));
    }

    @Override
    public String toString() {
        String version = (versionStage != null ? "@" + versionStage : "")
                + (versionId != null ? "@id:" + versionId : "");
        return store + "/" + name + version;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("SourceRef." + field + " must not be blank");
        }
    }
}
