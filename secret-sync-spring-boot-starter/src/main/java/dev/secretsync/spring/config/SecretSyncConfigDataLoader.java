package dev.secretsync.spring.config;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.core.embedded.SecretUnavailableException;
import java.util.List;
import org.apache.commons.logging.Log;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * Reads one imported secret into a {@link SecretPropertySource}. A secret that cannot be read stops
 * start-up, unless its import was {@code optional:}: then its property source starts empty and is
 * filled when the secret becomes readable.
 */
public class SecretSyncConfigDataLoader implements ConfigDataLoader<SecretSyncConfigDataResource> {

    private final Log log;

    public SecretSyncConfigDataLoader(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(SecretSyncConfigDataLoader.class);
    }

    @Override
    public ConfigData load(ConfigDataLoaderContext context, SecretSyncConfigDataResource resource) {
        SecretSync sync = context.getBootstrapContext().get(SecretSync.class);
        SourceRef ref = sync.ref(resource.name());
        SecretValue value;
        try {
            value = sync.get(ref);
        } catch (SecretUnavailableException e) {
            if (!resource.optional()) {
                throw new SecretSyncConfigDataException("cannot import secret '" + resource.name() + "': " + e.getMessage(), e);
            }
            log.warn("optional secret '" + resource.name() + "' is not available yet: " + e.getMessage()
                    + "; its properties appear once it can be read");
            value = null;
        }
        log.debug("imported secret '" + resource.name() + "'"
                + (value == null ? "" : " version " + value.versionId().orElse("-")));
        return new ConfigData(List.of(new SecretPropertySource(ref, resource.prefix(), resource.optional(), value)));
    }
}
