package dev.secretsync.spring.actuate;

import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.spring.RequiredSecrets;
import dev.secretsync.spring.SecretSyncAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health indicator {@code secretSync}, endpoint {@code secretsync} and Micrometer meters, each when its library is present. */
@AutoConfiguration(after = SecretSyncAutoConfiguration.class)
@ConditionalOnBean({SecretSync.class, RequiredSecrets.class})
public class SecretSyncActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
    @ConditionalOnEnabledHealthIndicator("secretsync")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "secretSyncHealthIndicator")
        SecretSyncHealthIndicator secretSyncHealthIndicator(SecretSync sync, RequiredSecrets required) {
            return new SecretSyncHealthIndicator(sync, required);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
    @ConditionalOnAvailableEndpoint(SecretSyncEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SecretSyncEndpoint secretSyncEndpoint(SecretSync sync, RequiredSecrets required) {
            return new SecretSyncEndpoint(sync, required);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        SecretSyncMetrics secretSyncMetrics(SecretSync sync) {
            return new SecretSyncMetrics(sync);
        }
    }
}
