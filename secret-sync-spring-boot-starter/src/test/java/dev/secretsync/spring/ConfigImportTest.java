package dev.secretsync.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.core.spi.SecretSource;
import dev.secretsync.spring.config.SecretPropertySource;
import dev.secretsync.spring.config.SecretSyncConfigDataException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** {@code spring.config.import=secret-sync:...} through a real SpringApplication start. */
class ConfigImportTest {

    static final String CANARY = "CANARY-7f3a9c";

    final MapSecretSource source = new MapSecretSource()
            .put("app-db", "{\"username\":\"app\",\"password\":\"" + CANARY + "\",\"pool\":{\"size\":5,\"hosts\":[\"h1\",\"h2\"]}}", "v1")
            .put("api-key", CANARY + "-key", "k1");

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(SecretSyncAutoConfiguration.class)
    static class App {
    }

    ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .addBootstrapRegistryInitializer(r -> r.register(SecretSource.class, BootstrapRegistry.InstanceSupplier.of(source)))
                .properties("secret-sync.refresh-interval=1h", "secret-sync.first-read-timeout=5s")
                .properties(properties)
                .run();
    }

    @Test
    void jsonIsFlattenedPlainValuesAreNamedAfterTheSecretAndPrefixesApply() {
        try (ConfigurableApplicationContext ctx = start("spring.config.import=secret-sync:app-db?prefix=db.;api-key")) {
            var env = ctx.getEnvironment();
            assertThat(env.getProperty("db.username")).isEqualTo("app");
            assertThat(env.getProperty("db.password")).isEqualTo(CANARY);
            assertThat(env.getProperty("db.pool.size")).isEqualTo("5");
            assertThat(env.getProperty("db.pool.hosts[1]")).isEqualTo("h2");
            assertThat(env.getProperty("api-key")).isEqualTo(CANARY + "-key");
            assertThat(env.getPropertySources().stream().filter(SecretPropertySource.class::isInstance).count()).isEqualTo(2);
            assertThat(env.getPropertySources().toString()).doesNotContain(CANARY);
        }
    }

    @Test
    void theSecretSyncOfStartUpBecomesTheBeanAndKeepsTheImportFresh() {
        try (ConfigurableApplicationContext ctx = start("spring.config.import=secret-sync:app-db")) {
            SecretSync sync = ctx.getBean(SecretSync.class);
            assertThat(ctx.getBeanNamesForType(SecretSync.class)).containsExactly("secretSync");
            int callsAtStart = source.calls();
            // One fetch; a second only if the tracking fetch ended in the instant between the
            // first read's cache check and its own fetch.
            assertThat(callsAtStart).as("start-up read the secret once").isBetween(1, 2);

            source.put("app-db", "{\"username\":\"app\",\"password\":\"rotated\"}", "v2");
            sync.refreshNow("app-db").join();
            await().atMost(Duration.ofSeconds(10)).until(() -> "rotated".equals(ctx.getEnvironment().getProperty("password")));
            assertThat(ctx.getEnvironment().getProperty("pool.size")).as("removed keys go away").isNull();
        }
    }

    @Test
    void aCommaSeparatedListInOneElementWorksToo() {
        try (ConfigurableApplicationContext ctx = start("spring.config.import[0]=secret-sync:app-db?prefix=db.,api-key")) {
            assertThat(ctx.getEnvironment().getProperty("db.username")).isEqualTo("app");
            assertThat(ctx.getEnvironment().getProperty("api-key")).isNotNull();
        }
    }

    @Test
    void aMissingSecretStopsStartUpWithAMessageThatNamesIt() {
        assertThatThrownBy(() -> start("spring.config.import=secret-sync:app-db;missing").close())
                .isInstanceOf(SecretSyncConfigDataException.class)
                .hasMessageContaining("missing")
                .hasMessageContaining("Forbidden.ResourceNotFound")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(CANARY));
    }

    @Test
    void anOptionalMissingSecretIsSkippedAndAppearsOnceItExists() {
        try (ConfigurableApplicationContext ctx = start("spring.config.import=optional:secret-sync:later?prefix=later.")) {
            assertThat(ctx.getEnvironment().getProperty("later.value")).isNull();

            source.put("later", "{\"value\":\"now\"}", "l1");
            ctx.getBean(SecretSync.class).refreshNow("later").join();
            await().atMost(Duration.ofSeconds(10)).until(() -> "now".equals(ctx.getEnvironment().getProperty("later.value")));
        }
    }

    @Test
    void anUnknownOptionIsRefused() {
        assertThatThrownBy(() -> start("spring.config.import=secret-sync:app-db?prefx=db.").close())
                .hasStackTraceContaining("unknown option 'prefx'");
    }
}
