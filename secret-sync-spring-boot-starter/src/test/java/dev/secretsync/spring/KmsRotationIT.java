package dev.secretsync.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.secretsync.spring.actuate.SecretSyncEndpoint;
import dev.secretsync.spring.actuate.SecretSyncHealthIndicator;
import dev.secretsync.testkit.KmsEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * The whole path against the KMS emulator through the real SDK: start-up import, then a rotation
 * of the database password (H2) and of an application setting, picked up by a
 * {@code @ConfigurationProperties} bean and by the HikariCP pool without a restart.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = KmsRotationIT.App.class, properties = {
        "spring.config.import=secret-sync:app-config;app-db?prefix=db.",
        "secret-sync.refresh-interval=500ms",
        "secret-sync.kms.region=cn-hangzhou",
        "secret-sync.kms.protocol=HTTP",
        "secret-sync.kms.allow-loopback-endpoint=true",
        "secret-sync.kms.auth.kind=access-key",
        "secret-sync.kms.auth.access-key-id=" + KmsRotationIT.AK,
        "secret-sync.kms.auth.access-key-secret=" + KmsRotationIT.SK,
        "secret-sync.datasource.secret=app-db",
        "spring.datasource.url=jdbc:h2:mem:rotation;DB_CLOSE_DELAY=-1",
        "spring.datasource.username=${db.username}",
        "spring.datasource.password=${db.password}",
        "spring.datasource.hikari.maximum-pool-size=3",
        "spring.datasource.hikari.minimum-idle=1",
        "spring.datasource.hikari.connection-timeout=3000",
        "management.endpoints.web.exposure.include=health,secretsync"})
class KmsRotationIT {

    static final String AK = "test-ak";
    static final String SK = "test-sk-not-a-secret";
    static final String URL = "jdbc:h2:mem:rotation;DB_CLOSE_DELAY=-1";

    static final KmsEmulator KMS = KmsEmulator.builder().accessKey(AK, SK).build().start()
            .createSecret("app-config", "c1", "{\"app\":{\"greeting\":\"hello-v1\"}}")
            .createSecret("app-db", "d1", "{\"username\":\"app\",\"password\":\"pw-1\"}");

    static {
        // The config import runs before @DynamicPropertySource is applied: hand the port over as a
        // system property, which the start-up Binder sees.
        System.setProperty("secret-sync.kms.endpoint", KMS.endpoint());
    }

    @AfterAll
    static void stop() {
        System.clearProperty("secret-sync.kms.endpoint");
        KMS.close();
    }

    @ConfigurationProperties("app")
    public static class AppProperties {
        private String greeting;

        public String getGreeting() {
            return greeting;
        }

        public void setGreeting(String greeting) {
            this.greeting = greeting;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableConfigurationProperties(AppProperties.class)
    static class App {
        final List<SecretChangedEvent> events = new CopyOnWriteArrayList<>();

        @Bean
        ApplicationListener<SecretChangedEvent> recorder() {
            return events::add;
        }
    }

    @Autowired
    AppProperties app;

    @Autowired
    HikariDataSource dataSource;

    @Autowired
    App config;

    @Autowired
    SecretSyncHealthIndicator health;

    @Autowired
    SecretSyncEndpoint endpoint;

    @Autowired
    MeterRegistry meters;

    @Test
    void aRotationReachesConfigurationPropertiesAndThePoolWithoutFailingWorkInFlight(CapturedOutput output) throws Exception {
        assertThat(app.getGreeting()).isEqualTo("hello-v1");
        assertThat(query(dataSource)).isEqualTo(1);

        try (Connection held = dataSource.getConnection()) {
            // Rotate the database first, then the secret.
            try (Statement st = held.createStatement()) {
                st.execute("ALTER USER app SET PASSWORD 'pw-2'");
            }
            String dbVersion = KMS.rotate("app-db", "{\"username\":\"app\",\"password\":\"pw-2\"}");
            String configVersion = KMS.rotate("app-config", "{\"app\":{\"greeting\":\"hello-v2\"}}");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(app.getGreeting()).isEqualTo("hello-v2");
                assertThat(dataSource.getPassword()).isEqualTo("pw-2");
            });

            // New connections sign in with the new password (the old one no longer works)...
            assertThatThrownBy(() -> DriverManager.getConnection(URL, "app", "pw-1").close()).isInstanceOf(SQLException.class);
            for (int i = 0; i < 5; i++) {
                assertThat(query(dataSource)).isEqualTo(1);
            }
            // ...and the connection held across the rotation still works.
            try (Statement st = held.createStatement(); ResultSet rs = st.executeQuery("SELECT 2")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(config.events)
                    .anySatisfy(e -> {
                        assertThat(e.getSecretName()).isEqualTo("app-db");
                        assertThat(e.getPreviousVersionId()).isEqualTo("d1");
                        assertThat(e.getVersionId()).isEqualTo(dbVersion);
                        assertThat(e.getChangedKeys()).containsExactly("db.password");
                    })
                    .anySatisfy(e -> assertThat(e.getVersionId()).isEqualTo(configVersion)));
            assertThat(config.events.toString()).doesNotContain("pw-2").doesNotContain("hello-v2");

            assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
            assertThat(endpoint.secrets().toString()).contains(dbVersion).contains(configVersion).doesNotContain("pw-");
            assertThat(meters.get("secretsync.refresh").tag("secret", "app-db").tag("outcome", "success")
                    .counter().count()).isGreaterThanOrEqualTo(2);
            assertThat(output.getAll()).contains("now uses the credentials of secret 'app-db'")
                    .doesNotContain("pw-1").doesNotContain("pw-2").doesNotContain(SK);
            assertThat(meters.get("secretsync.staleness").tag("secret", "app-db").gauge().value()).isGreaterThanOrEqualTo(0);
        }
    }

    private static int query(javax.sql.DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
