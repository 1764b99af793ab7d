package dev.secretsync.core.embedded;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import java.time.Instant;
import java.util.Objects;

/**
 * A secret's content changed. {@code toString()} shows names and versions only: {@link SecretValue}
 * redacts itself.
 *
 * @param ref               the secret (store, name and version selector)
 * @param previousVersionId the version served before, or {@code null} if the source gave none
 * @param versionId         the version served now, or {@code null} if the source gave none
 * @param value             the new value
 * @param at                when the change was fetched
 */
public record SecretChange(SourceRef ref, String previousVersionId, String versionId, SecretValue value, Instant at) {

    public SecretChange {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(at, "at");
    }

    /** The secret's name. */
    public String name() {
        return ref.name();
    }
}
