package dev.secretsync.spring;

import dev.secretsync.spring.config.SecretSyncFactory;
import dev.secretsync.spring.config.SecretSyncProperties;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.core.spi.SecretSource;
import dev.secretsync.kms.KmsSecretSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The secret source (KMS from {@code secret-sync.kms.*} unless you declare a {@link SecretSource}),
 * the {@link SecretSync} (unless the config import already made one, or you declare your own) and
 * the refresh of imported properties.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "secret-sync.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SecretSyncProperties.class)
public class SecretSyncAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean({SecretSource.class, SecretSync.class})
    @ConditionalOnClass(KmsSecretSource.class)
    @ConditionalOnProperty(prefix = "secret-sync.kms", name = "region")
    public KmsSecretSource secretSyncKmsSource(SecretSyncProperties properties) {
        return SecretSyncFactory.kmsSource(properties);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(SecretSync.class)
    @ConditionalOnBean(SecretSource.class)
    public SecretSync secretSync(SecretSource source, SecretSyncProperties properties) {
        return SecretSyncFactory.secretSync(source, properties).build();
    }

    @Bean
    @ConditionalOnBean(SecretSync.class)
    @ConditionalOnMissingBean
    public RequiredSecrets secretSyncRequiredSecrets(SecretSync sync, ConfigurableEnvironment environment,
                                                     SecretSyncProperties properties) {
        return new RequiredSecrets(sync, environment, properties);
    }

    @Bean
    @ConditionalOnBean(SecretSync.class)
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "secret-sync.refresh.enabled", matchIfMissing = true)
    public SecretPropertySourceRefresher secretPropertySourceRefresher(SecretSync sync, ConfigurableEnvironment environment,
                                                                       ObjectProvider<PropertiesRebinder> rebinder,
                                                                       ApplicationEventPublisher publisher) {
        return new SecretPropertySourceRefresher(sync, environment, rebinder.getIfAvailable(() -> keys -> { }), publisher);
    }

    /** Without Spring Cloud Context: the starter rebinds @ConfigurationProperties beans itself. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.cloud.context.environment.EnvironmentChangeEvent")
    @ConditionalOnBooleanProperty(name = "secret-sync.refresh.rebind", matchIfMissing = true)
    static class BinderRebinding {

        @Bean
        @ConditionalOnMissingBean(PropertiesRebinder.class)
        BinderPropertiesRebinder secretSyncPropertiesRebinder(ApplicationContext context, SecretSyncProperties properties) {
            return new BinderPropertiesRebinder(context, properties.getRefresh().getNeverRebind());
        }
    }

    /**
     * With Spring Cloud Context: an EnvironmentChangeEvent (Spring Cloud rebinds
     * @ConfigurationProperties beans, honouring spring.cloud.refresh.never-refreshable) and a
     * refresh of the refresh scope when there is one.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(EnvironmentChangeEvent.class)
    @ConditionalOnBooleanProperty(name = "secret-sync.refresh.rebind", matchIfMissing = true)
    static class CloudRebinding {

        @Bean
        @ConditionalOnMissingBean(PropertiesRebinder.class)
        PropertiesRebinder secretSyncCloudRebinder(ApplicationContext context, ObjectProvider<RefreshScope> refreshScope) {
            return keys -> {
                context.publishEvent(new EnvironmentChangeEvent(context, keys));
                refreshScope.ifAvailable(RefreshScope::refreshAll);
            };
        }
    }
}
