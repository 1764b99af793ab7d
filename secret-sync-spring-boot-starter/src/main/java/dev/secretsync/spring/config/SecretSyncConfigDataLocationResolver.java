package dev.secretsync.spring.config;

import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.core.spi.SecretSource;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationNotFoundException;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Resolves {@code secret-sync:NAME[?prefix=P][;NAME...]} (a comma works too inside one YAML list
 * element). At the first such location it creates the {@link SecretSync} used for start-up and
 * hands it over to the application context as the bean {@value #BEAN_NAME}, so that the secrets
 * read at start-up are the ones kept fresh afterwards.
 *
 * <p>The source is a {@link SecretSource} registered in the {@link BootstrapRegistry} if there is
 * one, otherwise KMS configured by {@code secret-sync.kms.*}.
 */
public class SecretSyncConfigDataLocationResolver implements ConfigDataLocationResolver<SecretSyncConfigDataResource> {

    public static final String PREFIX = "secret-sync:";
    public static final String BEAN_NAME = "secretSync";

    @Override
    public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return location.hasPrefix(PREFIX);
    }

    @Override
    public List<SecretSyncConfigDataResource> resolve(ConfigDataLocationResolverContext context,
                                                      ConfigDataLocation location) throws ConfigDataLocationNotFoundException {
        List<SecretSyncConfigDataResource> resources = parse(location.getNonPrefixedValue(PREFIX), location.isOptional());
        ensureSecretSync(context.getBootstrapContext(), context.getBinder());
        return resources;
    }

    static List<SecretSyncConfigDataResource> parse(String value, boolean optional) {
        List<SecretSyncConfigDataResource> resources = new ArrayList<>();
        for (String part : value.split("[;,]")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            String name = item;
            String prefix = "";
            int query = item.indexOf('?');
            if (query >= 0) {
                name = item.substring(0, query).trim();
                for (String param : item.substring(query + 1).split("&")) {
                    int eq = param.indexOf('=');
                    String key = eq < 0 ? param : param.substring(0, eq);
                    if (!key.equals("prefix")) {
                        throw new IllegalArgumentException("secret-sync: unknown option '" + key + "' for secret '" + name
                                + "' (known: prefix)");
                    }
                    prefix = eq < 0 ? "" : param.substring(eq + 1);
                }
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("secret-sync: an import names no secret: '" + value + "'");
            }
            resources.add(new SecretSyncConfigDataResource(name, prefix, optional));
        }
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("secret-sync: the import names no secret; use secret-sync:NAME");
        }
        return resources;
    }

    private static void ensureSecretSync(ConfigurableBootstrapContext bootstrap, Binder binder) {
        if (bootstrap.isRegistered(SecretSync.class)) {
            return;
        }
        SecretSyncProperties properties = binder.bind(SecretSyncProperties.PREFIX, SecretSyncProperties.class)
                .orElseGet(SecretSyncProperties::new);
        bootstrap.registerIfAbsent(SecretSync.class, BootstrapRegistry.InstanceSupplier.from(() -> create(bootstrap, properties)));
        bootstrap.addCloseListener(event -> {
            SecretSync sync = event.getBootstrapContext().get(SecretSync.class);
            ConfigurableListableBeanFactory beans = event.getApplicationContext().getBeanFactory();
            if (!beans.containsSingleton(BEAN_NAME)) {
                beans.registerSingleton(BEAN_NAME, sync);
                if (beans instanceof DefaultSingletonBeanRegistry registry) {
                    registry.registerDisposableBean(BEAN_NAME, sync::close);
                }
            }
        });
    }

    private static SecretSync create(ConfigurableBootstrapContext bootstrap, SecretSyncProperties properties) {
        if (bootstrap.isRegistered(SecretSource.class)) {
            return SecretSyncFactory.secretSync(bootstrap.get(SecretSource.class), properties).build();
        }
        if (!SecretSyncFactory.hasKmsStore(properties)) {
            throw new IllegalStateException("spring.config.import=secret-sync:... needs secret-sync.kms.region "
                    + "(and secret-sync.kms.auth.*), or a SecretSource registered in the BootstrapRegistry");
        }
        return SecretSyncFactory.secretSync(SecretSyncFactory.kmsSource(properties), properties).closeSource(true).build();
    }
}
