package dev.secretsync.spring.config;

import java.util.Objects;
import org.springframework.boot.context.config.ConfigDataResource;

/** One secret named in {@code spring.config.import=secret-sync:...}. */
public final class SecretSyncConfigDataResource extends ConfigDataResource {

    private final String name;
    private final String prefix;
    private final boolean optional;

    SecretSyncConfigDataResource(String name, String prefix, boolean optional) {
        super(optional);
        this.name = name;
        this.prefix = prefix;
        this.optional = optional;
    }

    public String name() {
        return name;
    }

    /** Put in front of every property name taken from this secret ("" for none). */
    public String prefix() {
        return prefix;
    }

    public boolean optional() {
        return optional;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretSyncConfigDataResource other && name.equals(other.name)
                && prefix.equals(other.prefix) && optional == other.optional;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, prefix, optional);
    }

    @Override
    public String toString() {
        return "secret-sync:" + name + (prefix.isEmpty() ? "" : "?prefix=" + prefix);
    }
}
