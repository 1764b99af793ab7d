package dev.secretsync.testkit;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The access keys and STS credentials the emulator accepts. */
final class CredentialRegistry {

    /** One accepted credential; securityToken and expiration are null for a permanent access key. */
    record Credential(String accessKeyId, String accessKeySecret, String securityToken, Instant expiration) {
        boolean isSts() {
            return securityToken != null;
        }

        @Override
        public String toString() {
            return "Credential[" + accessKeyId + (isSts() ? ", sts" : "") + "]";
        }
    }

    private final Map<String, Credential> byId = new ConcurrentHashMap<>();

    void add(Credential credential) {
        byId.put(credential.accessKeyId(), credential);
    }

    Optional<Credential> find(String accessKeyId) {
        return accessKeyId == null ? Optional.empty() : Optional.ofNullable(byId.get(accessKeyId));
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }
}
