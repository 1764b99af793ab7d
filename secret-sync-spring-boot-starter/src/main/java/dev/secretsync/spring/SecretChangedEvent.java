package dev.secretsync.spring;

import java.util.Set;
import org.springframework.context.ApplicationEvent;

/**
 * A secret changed and the application has taken it in: imported property sources are updated
 * and {@code @ConfigurationProperties} beans rebound before this is published. Carries names,
 * versions and property keys, never values.
 */
public class SecretChangedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final String secretName;
    private final String previousVersionId;
    private final String versionId;
    private final Set<String> changedKeys;

    public SecretChangedEvent(Object source, String secretName, String previousVersionId, String versionId,
                              Set<String> changedKeys) {
        super(source);
        this.secretName = secretName;
        this.previousVersionId = previousVersionId;
        this.versionId = versionId;
        this.changedKeys = Set.copyOf(changedKeys);
    }

    public String getSecretName() {
        return secretName;
    }

    /** The version before the change, or {@code null} if the source gave none. */
    public String getPreviousVersionId() {
        return previousVersionId;
    }

    public String getVersionId() {
        return versionId;
    }

    /** Property names (of imported property sources) added, removed or changed. */
    public Set<String> getChangedKeys() {
        return changedKeys;
    }

    @Override
    public String toString() {
        return "SecretChangedEvent[secret=" + secretName + ", " + previousVersionId + " -> " + versionId
                + ", changedKeys=" + changedKeys + "]";
    }
}
