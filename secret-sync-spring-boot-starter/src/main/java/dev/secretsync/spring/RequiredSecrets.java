package dev.secretsync.spring;

import dev.secretsync.spring.config.SecretSyncProperties;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.spring.config.SecretPropertySource;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The secrets the application cannot do without: non-optional imports, the DataSource secret and
 * {@code secret-sync.required}. Health is DOWN when one of them is staler than the max staleness.
 */
public class RequiredSecrets {

    private final SecretSync sync;
    private final ConfigurableEnvironment environment;
    private final SecretSyncProperties properties;

    public RequiredSecrets(SecretSync sync, ConfigurableEnvironment environment, SecretSyncProperties properties) {
        this.sync = sync;
        this.environment = environment;
        this.properties = properties;
    }

    public Set<SourceRef> refs() {
        Set<SourceRef> refs = new LinkedHashSet<>();
        environment.getPropertySources().stream()
                .filter(ps -> ps instanceof SecretPropertySource sps && !sps.isOptional())
                .forEach(ps -> refs.add(((SecretPropertySource) ps).ref()));
        String datasource = properties.getDatasource().getSecret();
        if (datasource != null && !datasource.isBlank()) {
            refs.add(sync.ref(datasource));
        }
        properties.getRequired().forEach(name -> refs.add(sync.ref(name)));
        return refs;
    }
}
