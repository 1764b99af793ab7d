package dev.secretsync.controller.translate;

import java.util.Map;
import java.util.Optional;

/**
 * Where {@code spec.target.template.templateFrom} reads its templates: ConfigMaps and Secrets of
 * the ExternalSecret's namespace. The controller reads them from informer caches; {@code render}
 * from the files it was given.
 */
public interface TemplateSources {

    /** The data of a ConfigMap, if it exists. */
    Optional<Map<String, String>> configMap(String namespace, String name);

    /** The data (decoded) of a Secret, if it exists. */
    Optional<Map<String, String>> secret(String namespace, String name);

    /** No ConfigMaps or Secrets: a {@code templateFrom} that names one is an invalid spec. */
    static TemplateSources none() {
        return new TemplateSources() {
            @Override
            public Optional<Map<String, String>> configMap(String namespace, String name) {
                return Optional.empty();
            }

            @Override
            public Optional<Map<String, String>> secret(String namespace, String name) {
                return Optional.empty();
            }
        };
    }
}
