package dev.secretsync.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The emulator's secrets: versions, stages and extended fields. Every method is atomic. */
final class SecretStore {
    static final String CURRENT = "ACSCurrent";
    static final String PREVIOUS = "ACSPrevious";

    /** A snapshot of one version, safe to hand out. */
    record VersionView(String secretName, String secretType, Seed.DataType dataType, String versionId, String data,
            Instant createTime, List<String> stages, StoredSecret secret) {
        @Override
        public String toString() {
            return "VersionView[" + secretName + "/" + versionId + ", data=<redacted>]";
        }
    }

    static final class StoredVersion {
        final String id;
        final String data;
        final Seed.DataType dataType;
        final Instant createTime;
        final Set<String> stages = new LinkedHashSet<>();

        StoredVersion(String id, String data, Seed.DataType dataType, Instant createTime) {
            this.id = id;
            this.data = data;
            this.dataType = dataType;
            this.createTime = createTime;
        }
    }

    /** Mutable under the store's lock only; snapshots are copied out. */
    static final class StoredSecret {
        final String name;
        String type;
        Seed.DataType dataType;
        String description;
        Instant createTime;
        Instant updateTime;
        Duration rotationInterval;
        Instant nextRotationDate;
        Instant lastRotationDate;
        String automaticRotation;
        String extendedConfig;
        Map<String, String> tags = new LinkedHashMap<>();
        final Map<String, StoredVersion> versions = new LinkedHashMap<>();

        StoredSecret(String name) {
            this.name = name;
        }

        StoredSecret copy() {
            StoredSecret c = new StoredSecret(name);
            c.type = type;
            c.dataType = dataType;
            c.description = description;
            c.createTime = createTime;
            c.updateTime = updateTime;
            c.rotationInterval = rotationInterval;
            c.nextRotationDate = nextRotationDate;
            c.lastRotationDate = lastRotationDate;
            c.automaticRotation = automaticRotation;
            c.extendedConfig = extendedConfig;
            c.tags = new LinkedHashMap<>(tags);
            for (StoredVersion v : versions.values()) {
                StoredVersion vc = new StoredVersion(v.id, v.data, v.dataType, v.createTime);
                vc.stages.addAll(v.stages);
                c.versions.put(v.id, vc);
            }
            return c;
        }
    }

    private final Clock clock;
    private final Map<String, StoredSecret> secrets = new TreeMap<>();

    SecretStore(Clock clock) {
        this.clock = clock;
    }

    synchronized void load(Seed seed) {
        for (Seed.Secret s : seed.secrets()) {
            Instant now = clock.instant();
            StoredSecret secret = new StoredSecret(s.name());
            secret.type = s.type();
            secret.dataType = s.dataType();
            secret.description = s.description();
            secret.rotationInterval = s.rotationInterval();
            secret.nextRotationDate = s.nextRotationDate();
            secret.lastRotationDate = s.lastRotationDate();
            secret.automaticRotation = s.automaticRotation();
            secret.extendedConfig = s.extendedConfig();
            secret.tags.putAll(s.tags());
            Instant earliest = now;
            for (Seed.Version v : s.versions()) {
                Instant created = v.createTime() != null ? v.createTime() : now;
                StoredVersion sv = new StoredVersion(v.id(), v.data(), s.dataType(), created);
                sv.stages.addAll(v.stages());
                secret.versions.put(v.id(), sv);
                if (created.isBefore(earliest)) {
                    earliest = created;
                }
            }
            secret.createTime = earliest;
            secret.updateTime = now;
            secrets.put(s.name(), secret);
        }
    }

    /** Creates the secret if needed and adds a version, moving stages as KMS does. */
    synchronized void putVersion(String name, String versionId, String data, Seed.DataType dataType,
            Collection<String> stages, boolean createIfMissing) {
        StoredSecret secret = secrets.get(name);
        Instant now = clock.instant();
        if (secret == null) {
            if (!createIfMissing) {
                throw KmsException.notFound("secret " + name);
            }
            secret = new StoredSecret(name);
            secret.type = "Generic";
            secret.dataType = dataType;
            secret.automaticRotation = "Disabled";
            secret.createTime = now;
            secrets.put(name, secret);
        }
        if (secret.versions.containsKey(versionId)) {
            throw new KmsException(409, "Rejected.ResourceExist",
                    "The version " + versionId + " of secret " + name + " already exists.");
        }
        Set<String> newStages = new LinkedHashSet<>(stages == null || stages.isEmpty() ? List.of(CURRENT) : stages);
        if (newStages.contains(CURRENT)) {
            for (StoredVersion v : secret.versions.values()) {
                v.stages.remove(PREVIOUS);
            }
            for (StoredVersion v : secret.versions.values()) {
                if (v.stages.remove(CURRENT)) {
                    v.stages.add(PREVIOUS);
                }
            }
        }
        for (StoredVersion v : secret.versions.values()) {
            v.stages.removeAll(newStages);
        }
        StoredVersion version = new StoredVersion(versionId, data, dataType, now);
        version.stages.addAll(newStages);
        secret.versions.put(versionId, version);
        secret.dataType = dataType;
        secret.updateTime = now;
    }

    /** Rotation: a new version becomes ACSCurrent; the schedule moves on. */
    synchronized void rotate(String name, String versionId, String data, Seed.DataType dataType) {
        StoredSecret secret = require(name);
        putVersion(name, versionId, data, dataType, List.of(CURRENT), false);
        Instant now = clock.instant();
        secret.lastRotationDate = now;
        if (secret.rotationInterval != null) {
            secret.nextRotationDate = now.plus(secret.rotationInterval);
        }
    }

    synchronized void rotationSchedule(String name, Duration interval, Instant next) {
        StoredSecret secret = require(name);
        secret.rotationInterval = interval;
        secret.nextRotationDate = next;
        secret.automaticRotation = interval == null ? "Disabled" : "Enabled";
    }

    synchronized void extendedConfig(String name, String json) {
        require(name).extendedConfig = json;
    }

    synchronized VersionView version(String name, String versionId, String versionStage) {
        StoredSecret secret = secrets.get(name);
        if (secret == null) {
            throw KmsException.notFound("secret " + name);
        }
        StoredVersion found = null;
        if (versionId != null && !versionId.isEmpty()) {
            found = secret.versions.get(versionId);
            if (found != null && versionStage != null && !versionStage.isEmpty()
                    && !found.stages.contains(versionStage)) {
                found = null;
            }
        } else {
            String stage = versionStage == null || versionStage.isEmpty() ? CURRENT : versionStage;
            for (StoredVersion v : secret.versions.values()) {
                if (v.stages.contains(stage)) {
                    found = v;
                }
            }
        }
        if (found == null) {
            throw KmsException.notFound("version of secret " + name);
        }
        return new VersionView(secret.name, secret.type, found.dataType, found.id, found.data, found.createTime,
                List.copyOf(found.stages), secret.copy());
    }

    synchronized StoredSecret describe(String name) {
        return require(name).copy();
    }

    synchronized List<StoredSecret> all() {
        List<StoredSecret> out = new ArrayList<>();
        for (StoredSecret s : secrets.values()) {
            out.add(s.copy());
        }
        return out;
    }

    synchronized boolean contains(String name) {
        return secrets.containsKey(name);
    }

    private StoredSecret require(String name) {
        StoredSecret secret = secrets.get(name);
        if (secret == null) {
            throw KmsException.notFound("secret " + name);
        }
        return secret;
    }
}
