package dev.secretsync.spring.actuate;

import dev.secretsync.core.embedded.SecretStatus;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.spring.RequiredSecrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/secretsync}: every secret with its version, last refresh, staleness and
 * failures (read); a POST refreshes every secret now and answers the same (write). No values, no
 * hashes.
 */
@Endpoint(id = "secretsync")
public class SecretSyncEndpoint {

    private final SecretSync sync;
    private final RequiredSecrets required;

    public SecretSyncEndpoint(SecretSync sync, RequiredSecrets required) {
        this.sync = sync;
        this.required = required;
    }

    @ReadOperation
    public Map<String, Object> secrets() {
        Set<?> requiredRefs = required.refs();
        List<Map<String, Object>> secrets = new ArrayList<>();
        for (SecretStatus status : sync.statuses()) {
            secrets.add(describe(status, requiredRefs.contains(status.ref())));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refreshInterval", sync.refreshInterval().toString());
        body.put("maxStaleness", sync.maxStaleness().toString());
        body.put("secrets", secrets);
        return body;
    }

    /** Fetches every secret now (one fetch per secret, joining any in flight), then reports. */
    @WriteOperation
    public Map<String, Object> refresh() {
        sync.refreshAll().join();
        return secrets();
    }

    static Map<String, Object> describe(SecretStatus s, boolean required) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.ref().name());
        m.put("store", s.ref().store());
        if (s.ref().versionStage() != null) {
            m.put("versionStage", s.ref().versionStage());
        }
        if (s.ref().versionId() != null) {
            m.put("requestedVersionId", s.ref().versionId());
        }
        m.put("versionId", s.versionId());
        m.put("lastRefresh", s.lastRefresh() == null ? null : s.lastRefresh().toString());
        m.put("staleness", s.staleness() == null ? null : s.staleness().toString());
        m.put("stale", s.stale());
        m.put("required", required);
        m.put("consecutiveFailures", s.consecutiveFailures());
        if (s.lastFailure() != null) {
            m.put("lastFailure", s.lastFailure().name());
            m.put("lastFailureMessage", s.lastFailureMessage());
        }
        m.put("nextRefresh", s.nextRefresh() == null ? null : s.nextRefresh().toString());
        return m;
    }
}
