package dev.secretsync.spring;

import dev.secretsync.spring.config.SecretSyncProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.core.spi.SecretSource;
import dev.secretsync.kms.KmsSecretSource;
import dev.secretsync.spring.actuate.SecretSyncActuatorAutoConfiguration;
import dev.secretsync.spring.actuate.SecretSyncEndpoint;
import dev.secretsync.spring.actuate.SecretSyncHealthIndicator;
import dev.secretsync.spring.actuate.SecretSyncMetrics;
import dev.secretsync.spring.config.SecretPropertySource;
import dev.secretsync.spring.jdbc.HikariCredentialRotator;
import dev.secretsync.spring.jdbc.SecretSyncHikariAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class SecretSyncAutoConfigurationTest {

    static final String CANARY = "CANARY-7f3a9c";
    static final String V1 = "{\"app\":{\"greeting\":\"hello-v1\",\"token\":\"" + CANARY + "\"}}";

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecretSyncAutoConfiguration.class,
                    SecretSyncHikariAutoConfiguration.class, SecretSyncActuatorAutoConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    static class SourceConfig {
        final MapSecretSource source = new MapSecretSource()
                .put("app-config", V1, "v1");

        @Bean
        SecretSource testSource() {
            return source;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserSecretSync {
        @Bean(destroyMethod = "close")
        SecretSync mySecretSync() {
            return SecretSync.builder(new MapSecretSource()).refreshInterval(Duration.ofMinutes(7)).build();
        }
    }

    @ConfigurationProperties("app")
    public static class AppProperties {
        private String greeting;
        private String token;

        public String getGreeting() {
            return greeting;
        }

        public void setGreeting(String greeting) {
            this.greeting = greeting;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }
    }

    /** Takes the greeting through a placeholder: rebinding must not look at keys only. */
    @ConfigurationProperties("indirect")
    public static class IndirectProperties {
        private String greeting;

        public String getGreeting() {
            return greeting;
        }

        public void setGreeting(String greeting) {
            this.greeting = greeting;
        }
    }

    public static class Greeter {
        private final String greeting;

        public Greeter(String greeting) {
            this.greeting = greeting;
        }

        public String greeting() {
            return greeting;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RefreshScoped {
        @Bean
        @org.springframework.cloud.context.config.annotation.RefreshScope
        Greeter greeter(@org.springframework.beans.factory.annotation.Value("${app.greeting}") String greeting) {
            return new Greeter(greeting);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({AppProperties.class, IndirectProperties.class})
    static class AppConfig {
        final List<SecretChangedEvent> events = new CopyOnWriteArrayList<>();

        @Bean
        ApplicationListener<SecretChangedEvent> recorder() {
            return events::add;
        }
    }

    @Test
    void propertiesAreBoundIntoTheSecretSync() {
        runner.withUserConfiguration(SourceConfig.class)
                .withPropertyValues("secret-sync.refresh-interval=30s", "secret-sync.max-staleness=5m",
                        "secret-sync.jitter=0.2", "secret-sync.required=a,b")
                .run(ctx -> {
                    SecretSync sync = ctx.getBean(SecretSync.class);
                    assertThat(sync.refreshInterval()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(sync.maxStaleness()).isEqualTo(Duration.ofMinutes(5));
                    SecretSyncProperties props = ctx.getBean(SecretSyncProperties.class);
                    assertThat(props.getJitter()).isEqualTo(0.2);
                    assertThat(props.getRequired()).containsExactly("a", "b");
                    assertThat(ctx).doesNotHaveBean(KmsSecretSource.class);
                });
    }

    @Test
    void kmsSettingsMakeAKmsSourceWithoutContactingIt() {
        runner.withPropertyValues("secret-sync.kms.region=cn-hangzhou", "secret-sync.kms.endpoint=127.0.0.1:1",
                        "secret-sync.kms.protocol=HTTP", "secret-sync.kms.allow-loopback-endpoint=true",
                        "secret-sync.kms.auth.kind=access-key", "secret-sync.kms.auth.access-key-id=ak",
                        "secret-sync.kms.auth.access-key-secret=" + CANARY)
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(KmsSecretSource.class).hasSingleBean(SecretSync.class);
                    assertThat(ctx.getBean(KmsSecretSource.class).storeNames()).containsExactly(SecretSync.DEFAULT_STORE);
                    assertThat(ctx.getBean(SecretSyncProperties.class).toString()).doesNotContain(CANARY);
                });
    }

    @Test
    void withoutASourceNothingIsCreated() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(SecretSync.class)
                .doesNotHaveBean(SecretPropertySourceRefresher.class).doesNotHaveBean(SecretSyncHealthIndicator.class));
    }

    @Test
    void disabledMeansNothing() {
        runner.withUserConfiguration(SourceConfig.class).withPropertyValues("secret-sync.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(SecretSync.class));
    }

    @Test
    void aUserSecretSyncBacksOffOursAndTheKmsSource() {
        runner.withUserConfiguration(UserSecretSync.class)
                .withPropertyValues("secret-sync.kms.region=cn-hangzhou", "secret-sync.kms.auth.kind=access-key",
                        "secret-sync.kms.auth.access-key-id=ak", "secret-sync.kms.auth.access-key-secret=sk")
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(SecretSync.class).hasBean("mySecretSync")
                            .doesNotHaveBean(KmsSecretSource.class);
                    assertThat(ctx.getBean(SecretSync.class).refreshInterval()).isEqualTo(Duration.ofMinutes(7));
                    assertThat(ctx).hasSingleBean(SecretPropertySourceRefresher.class);
                });
    }

    @Test
    void aUserSourceBacksOffTheKmsSource() {
        runner.withUserConfiguration(SourceConfig.class)
                .withPropertyValues("secret-sync.kms.region=cn-hangzhou", "secret-sync.kms.auth.kind=access-key",
                        "secret-sync.kms.auth.access-key-id=ak", "secret-sync.kms.auth.access-key-secret=sk")
                .run(ctx -> {
                    assertThat(ctx).doesNotHaveBean(KmsSecretSource.class).hasSingleBean(SecretSource.class);
                    assertThat(ctx).hasSingleBean(SecretSync.class);
                });
    }

    @Test
    void hikariRotationNeedsHikariOnTheClassPathAndASecretName() {
        runner.withUserConfiguration(SourceConfig.class)
                .withPropertyValues("secret-sync.datasource.secret=app-db")
                .run(ctx -> assertThat(ctx).hasSingleBean(HikariCredentialRotator.class));
        runner.withUserConfiguration(SourceConfig.class)
                .withPropertyValues("secret-sync.datasource.secret=app-db")
                .withClassLoader(new FilteredClassLoader(HikariDataSource.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(HikariCredentialRotator.class));
        runner.withUserConfiguration(SourceConfig.class)
                .run(ctx -> assertThat(ctx).doesNotHaveBean(HikariCredentialRotator.class));
    }

    @Test
    void actuatorPiecesNeedActuatorAndMicrometer() {
        runner.withUserConfiguration(SourceConfig.class)
                .withPropertyValues("management.endpoints.web.exposure.include=secretsync")
                .run(ctx -> assertThat(ctx).hasSingleBean(SecretSyncHealthIndicator.class)
                        .hasSingleBean(SecretSyncEndpoint.class).hasSingleBean(SecretSyncMetrics.class));
        runner.withUserConfiguration(SourceConfig.class)
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class, Endpoint.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(SecretSyncHealthIndicator.class)
                        .doesNotHaveBean(SecretSyncEndpoint.class).hasSingleBean(SecretSyncMetrics.class));
        runner.withUserConfiguration(SourceConfig.class)
                .withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(SecretSyncMetrics.class)
                        .hasSingleBean(SecretSyncHealthIndicator.class));
        runner.withUserConfiguration(SourceConfig.class)
                .withPropertyValues("management.health.secretsync.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(SecretSyncHealthIndicator.class));
    }

    @Test
    void withSpringCloudTheCloudRebinderIsUsedAndWithoutItOurs() {
        runner.withUserConfiguration(SourceConfig.class)
                .run(ctx -> assertThat(ctx).hasSingleBean(PropertiesRebinder.class)
                        .doesNotHaveBean(BinderPropertiesRebinder.class));
        runner.withUserConfiguration(SourceConfig.class)
                .withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
                .run(ctx -> assertThat(ctx).hasSingleBean(BinderPropertiesRebinder.class));
    }

    @Test
    void withoutSpringCloudAChangeUpdatesThePropertySourceRebindsBeansAndPublishesAnEvent() {
        runner.withUserConfiguration(SourceConfig.class, AppConfig.class)
                .withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
                .withPropertyValues("indirect.greeting=${app.greeting}")
                .withInitializer(ctx -> {
                    // What the config import adds at start-up.
                    ctx.getEnvironment().getPropertySources().addFirst(new SecretPropertySource(
                            dev.secretsync.core.SourceRef.current(SecretSync.DEFAULT_STORE, "app-config"), "", false,
                            dev.secretsync.core.SecretValue.text(V1, "v1")));
                })
                .run(ctx -> {
                    AppProperties app = ctx.getBean(AppProperties.class);
                    assertThat(app.getGreeting()).isEqualTo("hello-v1");
                    assertThat(app.getToken()).isEqualTo(CANARY);
                    SecretSync sync = ctx.getBean(SecretSync.class);
                    sync.refreshNow("app-config").join(); // the first fetch: what start-up saw

                    ctx.getBean(SourceConfig.class).source.put("app-config",
                            "{\"app\":{\"greeting\":\"hello-v2\",\"token\":\"" + CANARY + "\"}}", "v2");
                    sync.refreshNow("app-config").join();

                    await().atMost(Duration.ofSeconds(10)).until(() -> "hello-v2".equals(app.getGreeting()));
                    assertThat(ctx.getEnvironment().getProperty("app.greeting")).isEqualTo("hello-v2");
                    assertThat(ctx.getBean(IndirectProperties.class).getGreeting()).isEqualTo("hello-v2");
                    List<SecretChangedEvent> events = ctx.getBean(AppConfig.class).events;
                    await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> "v2".equals(e.getVersionId())));
                    SecretChangedEvent changed = events.stream().filter(e -> "v2".equals(e.getVersionId())).findFirst().orElseThrow();
                    assertThat(changed.getSecretName()).isEqualTo("app-config");
                    assertThat(changed.getPreviousVersionId()).isEqualTo("v1");
                    assertThat(changed.getChangedKeys()).containsExactly("app.greeting");
                    assertThat(changed.toString()).doesNotContain(CANARY).doesNotContain("hello-v2");
                });
    }

    @Test
    void withSpringCloudAChangeRebindsThroughItAndRefreshesTheRefreshScope() {
        runner.withConfiguration(AutoConfigurations.of(
                        org.springframework.cloud.autoconfigure.RefreshAutoConfiguration.class,
                        org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration.class))
                .withUserConfiguration(SourceConfig.class, AppConfig.class, RefreshScoped.class)
                .withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(new SecretPropertySource(
                        dev.secretsync.core.SourceRef.current(SecretSync.DEFAULT_STORE, "app-config"), "", false,
                        dev.secretsync.core.SecretValue.text(V1, "v1"))))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    Greeter greeter = ctx.getBean(Greeter.class);
                    assertThat(greeter.greeting()).isEqualTo("hello-v1");
                    SecretSync sync = ctx.getBean(SecretSync.class);
                    sync.refreshNow("app-config").join();
                    ctx.getBean(SourceConfig.class).source.put("app-config",
                            "{\"app\":{\"greeting\":\"hello-v2\",\"token\":\"" + CANARY + "\"}}", "v2");
                    sync.refreshNow("app-config").join();

                    AppProperties app = ctx.getBean(AppProperties.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> "hello-v2".equals(app.getGreeting()));
                    await().atMost(Duration.ofSeconds(10)).until(() -> "hello-v2".equals(ctx.getBean(Greeter.class).greeting()));
                });
    }

    @Test
    void healthIsDownWhileARequiredSecretHasNoValueAndUpOnceItHas() {
        runner.withUserConfiguration(SourceConfig.class)
                .withPropertyValues("secret-sync.required=app-config", "management.endpoints.web.exposure.include=secretsync")
                .run(ctx -> {
                    SecretSyncHealthIndicator health = ctx.getBean(SecretSyncHealthIndicator.class);
                    assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
                    ctx.getBean(SecretSync.class).refreshNow("app-config").join();
                    assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
                    assertThat(health.health().toString()).contains("v1").doesNotContain(CANARY);
                    assertThat(ctx.getBean(SecretSyncEndpoint.class).secrets().toString())
                            .contains("app-config").contains("v1").doesNotContain(CANARY);

                    ctx.getBean(SourceConfig.class).source.put("app-config", "{\"app\":{}}", "v9");
                    assertThat(ctx.getBean(SecretSyncEndpoint.class).refresh().toString()).contains("v9");
                });
    }
}
