package dev.secretsync.spring;

import java.util.Set;

/**
 * Brings beans up to date after imported properties changed. Without Spring Cloud Context the
 * starter rebinds {@code @ConfigurationProperties} beans itself; with it, it hands over to Spring
 * Cloud (EnvironmentChangeEvent, refresh scope). Declare your own bean to replace either.
 */
@FunctionalInterface
public interface PropertiesRebinder {
    void rebind(Set<String> changedKeys);
}
