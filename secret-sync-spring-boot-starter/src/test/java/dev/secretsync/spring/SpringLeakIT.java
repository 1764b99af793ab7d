package dev.secretsync.spring;

import dev.secretsync.spring.config.SecretSyncProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.spring.actuate.SecretSyncActuatorAutoConfiguration;
import dev.secretsync.spring.actuate.SecretSyncEndpoint;
import dev.secretsync.spring.actuate.SecretSyncHealthIndicator;
import dev.secretsync.spring.actuate.SecretSyncMetrics;
import dev.secretsync.spring.config.SecretPropertySource;
import dev.secretsync.testkit.KmsEmulator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Canary values through every path of the starter, against the KMS emulator through the real
 * SDK: the config import (success, a missing secret, a sign-in failure, an outage: each fails
 * fast), refreshes that fail (outage, throttling, timeouts), a rotation with its
 * {@link SecretChangedEvent}, the {@code secretsync} endpoint, health details, Micrometer meters,
 * the Environment's toString, and every log line at DEBUG. The secret value canary may appear only
 * as the property value itself; the access key secret canary nowhere.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringLeakIT {

    static final String CANARY = "CANARY-7f3a9c";
    static final String AK = "leak-ak";
    /** The store's access key secret: configuration, so never in any output either. */
    static final String SK_CANARY = "CANARY-sk-51d0e2";

    static final KmsEmulator KMS = KmsEmulator.builder().accessKey(AK, SK_CANARY).build().start()
            .createSecret("app-db", "d1", "{\"username\":\"app\",\"password\":\"" + CANARY + "-pw\"}")
            .createSecret("api-key", "k1", CANARY + "-key")
            .createSecret("not-json", "n1", "{" + CANARY + "-brace");

    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Level rootLevel;

    @BeforeEach
    void captureLogsAtDebug() {
        KMS.faults().clear();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stopCapturing() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        KMS.faults().clear();
    }

    @AfterAll
    static void stopKms() {
        KMS.close();
    }

    static String[] kmsProperties(String accessKeySecret) {
        return new String[] {
                "secret-sync.kms.region=cn-hangzhou",
                "secret-sync.kms.endpoint=" + KMS.endpoint(),
                "secret-sync.kms.protocol=HTTP",
                "secret-sync.kms.allow-loopback-endpoint=true",
                "secret-sync.kms.read-timeout=1s",
                "secret-sync.kms.auth.kind=access-key",
                "secret-sync.kms.auth.access-key-id=" + AK,
                "secret-sync.kms.auth.access-key-secret=" + accessKeySecret};
    }

    // ---- the property source: a real start with spring.config.import ----

    @EnableAutoConfiguration
    @Configuration(proxyBeanMethods = false)
    static class App {
        final List<SecretChangedEvent> changes = new CopyOnWriteArrayList<>();

        @Bean
        ApplicationListener<SecretChangedEvent> changeRecorder() {
            return changes::add;
        }
    }

    ConfigurableApplicationContext start(String accessKeySecret, String imports) {
        return start(App.class, "DEBUG", accessKeySecret, imports);
    }

    ConfigurableApplicationContext start(Class<?> app, String level, String accessKeySecret, String imports) {
        return new SpringApplicationBuilder(app)
                .web(WebApplicationType.NONE)
                .properties(kmsProperties(accessKeySecret))
                .properties("spring.config.import=" + imports,
                        "logging.level.root=" + level,
                        // Short, because retries stop within one interval: a failed refresh ends quickly.
                        "secret-sync.refresh-interval=2s",
                        "secret-sync.first-read-timeout=30s",
                        "spring.datasource.url=jdbc:h2:mem:leaks",
                        "management.endpoints.web.exposure.include=health,secretsync")
                .run();
    }

    @Test
    void theImportedValueIsOnlyInThePropertyThroughRotationAndFailedRefreshes(CapturedOutput output) {
        List<String> seen = new ArrayList<>();
        try (ConfigurableApplicationContext ctx = start(SK_CANARY, "secret-sync:app-db?prefix=db.;api-key;not-json")) {
            ConfigurableEnvironment env = ctx.getEnvironment();
            assertThat(env.getProperty("db.password")).isEqualTo(CANARY + "-pw");
            assertThat(env.getProperty("api-key")).isEqualTo(CANARY + "-key");
            assertThat(env.getProperty("not-json")).as("a value that only starts like JSON").isEqualTo("{" + CANARY + "-brace");
            SecretSync sync = ctx.getBean(SecretSync.class);
            SecretSyncEndpoint endpoint = ctx.getBean(SecretSyncEndpoint.class);
            SecretSyncHealthIndicator health = ctx.getBean(SecretSyncHealthIndicator.class);
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);

            // A rotation: the property changes, the event names keys and versions only.
            KMS.rotate("app-db", "{\"username\":\"app\",\"password\":\"" + CANARY + "-pw2\"}");
            sync.refreshNow("app-db").join();
            App app = ctx.getBean(App.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !app.changes.isEmpty());
            assertThat(env.getProperty("db.password")).isEqualTo(CANARY + "-pw2");
            SecretChangedEvent change = app.changes.get(0);
            assertThat(change.getChangedKeys()).containsExactly("db.password");
            seen.add(change.toString());
            seen.add(String.valueOf(change.getPreviousVersionId()) + change.getVersionId() + change.getSecretName());

            // Refreshes that fail: the old values stay, and the failure shows without the value.
            refreshFailing(sync, "app-db", () -> KMS.faults().outageFor(Duration.ofHours(1)));
            refreshFailing(sync, "api-key", () -> KMS.faults().errorShare(1.0, 503));
            refreshFailing(sync, "not-json", () -> KMS.faults().latency(Duration.ofMillis(1500)));
            assertThat(env.getProperty("db.password")).isEqualTo(CANARY + "-pw2");
            assertThat(sync.statuses()).filteredOn(s -> s.lastFailure() != null).hasSize(3);

            seen.add(endpoint.secrets().toString());
            seen.add(health.health(true).toString());
            seen.add(health.health(true).getDetails().toString());
            meters.getMeters().forEach(m -> seen.add(describe(m)));
            assertThat(meters.find("secretsync.refresh.failures").counters()).as("failures counted").isNotEmpty();
            KMS.faults().clear();
            seen.add(endpoint.refresh().toString());
            // With DEBUG on, Spring's PropertySource.toString prints whole maps, so configuration given
            // as plain properties (the access key secret here) shows; the imported values must not.
            assertThat(env.toString() + env.getPropertySources()).contains("secret-sync:app-db").doesNotContain(CANARY);
            env.getPropertySources().stream().filter(SecretPropertySource.class::isInstance)
                    .forEach(ps -> seen.add(ps.toString() + ps.getName() + ps.getSource()));
            seen.add(sync.statuses().toString());
        }
        assertThat(output.getAll()).as("DEBUG logging was on").contains("DEBUG").contains("imported secret 'app-db'");
        assertNoCanary(seen, output);
    }

    /** Refreshes {@code name} while {@code fault} is on; the fetch fails and the value stays. */
    static void refreshFailing(SecretSync sync, String name, Runnable fault) {
        fault.run();
        try {
            sync.refreshNow(name).join();
        } catch (CompletionException e) {
            // a failed refresh may complete exceptionally; its message is checked with the rest
            assertThat(chain(e)).doesNotContain(CANARY);
        }
        KMS.faults().clear();
        assertThat(sync.status(name).lastFailure()).as("refresh of %s failed", name).isNotNull();
    }

    // ---- config import failures: start-up fails fast, the message names the secret ----

    @Test
    void aMissingSecretNextToAReadableOneFailsFastWithoutTheValue(CapturedOutput output) {
        assertThatThrownBy(() -> start(SK_CANARY, "secret-sync:app-db;missing").close())
                .satisfies(e -> assertThat(chain(e)).contains("missing").contains("Forbidden.ResourceNotFound"));
        assertNoCanary(List.of(), output);
    }

    @Test
    void aSignInFailureFailsFastWithoutEitherSecret(CapturedOutput output) {
        assertThatThrownBy(() -> start("wrong-" + SK_CANARY, "secret-sync:app-db").close())
                .satisfies(e -> assertThat(chain(e)).contains("app-db").doesNotContain(CANARY).doesNotContain("wrong-"));
        assertThat(output.getAll()).doesNotContain("wrong-" + SK_CANARY);
        assertNoCanary(List.of(), output);
    }

    @Test
    void anOutageAtStartUpFailsFastWithoutTheValue(CapturedOutput output) {
        KMS.faults().outageFor(Duration.ofHours(1));
        assertThatThrownBy(() -> start(SK_CANARY, "secret-sync:app-db").close())
                .satisfies(e -> assertThat(chain(e)).contains("app-db"));
        assertNoCanary(List.of(), output);
    }

    @ConfigurationProperties("db")
    public static class NumericPassword {
        private int password;

        public int getPassword() {
            return password;
        }

        public void setPassword(int password) {
            this.password = password;
        }
    }

    @EnableAutoConfiguration
    @EnableConfigurationProperties(NumericPassword.class)
    @Configuration(proxyBeanMethods = false)
    static class BindsAnInt {
    }

    @Test
    void aSecretValueThatDoesNotBindIsReportedWithoutIt(CapturedOutput output) {
        assertThatThrownBy(() -> start(BindsAnInt.class, "INFO", SK_CANARY, "secret-sync:app-db?prefix=db.").close())
                .hasStackTraceContaining("db.password");
        // Spring Boot's own report would print Value: "<the secret>"; this one names the secret instead.
        assertThat(output.getAll()).contains("Failed to bind property 'db.password' to int")
                .contains("secret 'app-db'").contains("not shown");
        assertNoCanary(List.of(), output);
    }

    // ---- the beans on their own (ApplicationContextRunner): SecretSync from KMS, endpoint, health, meters ----

    @Test
    void theAutoConfiguredBeansShowNamesVersionsAndFailuresButNoValue(CapturedOutput output) {
        List<String> seen = new ArrayList<>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SecretSyncAutoConfiguration.class,
                        SecretSyncActuatorAutoConfiguration.class))
                .withPropertyValues(kmsProperties(SK_CANARY))
                .withPropertyValues("secret-sync.required=app-db,api-key", "secret-sync.refresh-interval=2s",
                        "management.endpoints.web.exposure.include=health,secretsync")
                .withBean(SimpleMeterRegistry.class)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    SecretSync sync = ctx.getBean(SecretSync.class);
                    SimpleMeterRegistry meters = ctx.getBean(SimpleMeterRegistry.class);
                    ctx.getBean(SecretSyncMetrics.class).bindTo(meters);
                    assertThat(sync.getJsonField("app-db", "password")).startsWith(CANARY + "-pw"); // -pw2 once rotated
                    assertThat(sync.getString("api-key")).isEqualTo(CANARY + "-key");

                    refreshFailing(sync, "app-db", () -> KMS.faults().errorShare(1.0, 500));
                    refreshFailing(sync, "api-key", () -> KMS.faults().resetShare(1.0));
                    SecretSyncHealthIndicator health = ctx.getBean(SecretSyncHealthIndicator.class);
                    SecretSyncEndpoint endpoint = ctx.getBean(SecretSyncEndpoint.class);
                    seen.add(health.health(true).toString());
                    seen.add(endpoint.secrets().toString());
                    meters.getMeters().forEach(m -> seen.add(describe(m)));
                    assertThat(meters.getMeters()).as("meters registered").isNotEmpty();
                    seen.add(sync.statuses().toString());
                    seen.add(sync.peek(sync.ref("app-db")).orElseThrow().toString());
                    seen.add(ctx.getBean(SecretSyncProperties.class).toString());
                    assertThat(ctx.getEnvironment().toString()).doesNotContain(CANARY); // see above for the key
                });
        assertThat(logs.list).as("DEBUG logging was on").anyMatch(e -> e.getLevel() == Level.DEBUG);
        assertNoCanary(seen, output);
    }

    // ---- checks ----

    void assertNoCanary(List<String> seen, CapturedOutput output) {
        assertThat(seen).allSatisfy(s -> assertThat(s).doesNotContain(CANARY).doesNotContain(SK_CANARY));
        assertThat(output.getAll()).doesNotContain(CANARY).doesNotContain(SK_CANARY);
        for (ILoggingEvent e : logs.list) {
            String text = e.getFormattedMessage() + " " + List.of(e.getArgumentArray() == null ? new Object[0]
                    : e.getArgumentArray()) + " " + throwable(e.getThrowableProxy());
            assertThat(text).as("log of %s", e.getLoggerName()).doesNotContain(CANARY).doesNotContain(SK_CANARY);
        }
    }

    static String describe(Meter m) {
        StringBuilder b = new StringBuilder(m.getId().toString());
        m.measure().forEach(ms -> b.append(' ').append(ms));
        return b.toString();
    }

    static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            b.append(t).append('\n');
            for (Throwable s : t.getSuppressed()) {
                b.append(chain(s));
            }
        }
        return b.toString();
    }

    static String throwable(IThrowableProxy p) {
        StringBuilder b = new StringBuilder();
        for (; p != null; p = p.getCause()) {
            b.append(p.getClassName()).append(": ").append(p.getMessage()).append('\n');
        }
        return b.toString();
    }
}
