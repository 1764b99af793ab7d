package dev.secretsync.spring.actuate;

import dev.secretsync.core.SourceRef;
import dev.secretsync.core.embedded.SecretStatus;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.spring.RequiredSecrets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN when a required secret has no value or one older than the max staleness; UP otherwise
 * (an optional secret's staleness shows in the details only). Details give versions and ages,
 * never values.
 */
public class SecretSyncHealthIndicator extends AbstractHealthIndicator {

    private final SecretSync sync;
    private final RequiredSecrets required;

    public SecretSyncHealthIndicator(SecretSync sync, RequiredSecrets required) {
        super("secret-sync health check failed");
        this.sync = sync;
        this.required = required;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Set<SourceRef> requiredRefs = required.refs();
        Map<String, Object> secrets = new LinkedHashMap<>();
        boolean down = false;
        for (SecretStatus status : sync.statuses()) {
            boolean isRequired = requiredRefs.contains(status.ref());
            down |= isRequired && status.stale();
            secrets.put(status.ref().toString(), SecretSyncEndpoint.describe(status, isRequired));
        }
        for (SourceRef ref : requiredRefs) {
            if (!sync.tracked().contains(ref)) {
                down = true; // required but never even asked for
                secrets.put(ref.toString(), Map.of("required", true, "stale", true));
            }
        }
        builder.status(down ? org.springframework.boot.health.contributor.Status.DOWN
                        : org.springframework.boot.health.contributor.Status.UP)
                .withDetail("maxStaleness", sync.maxStaleness().toString())
                .withDetail("secrets", secrets);
    }
}
