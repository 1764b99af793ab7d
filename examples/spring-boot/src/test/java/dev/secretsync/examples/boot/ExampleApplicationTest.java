package dev.secretsync.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.secretsync.core.embedded.SecretSync;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;

/** Smoke test: the example starts on the emulator and survives a rotation. */
@SpringBootTest(properties = {"secret-sync.refresh-interval=500ms", "example.rotate-every=1h"})
@ActiveProfiles("local")
class ExampleApplicationTest {

    static final LocalKms KMS = LocalKms.start();

    static {
        // The config import runs before the test context's own property sources exist.
        KMS.properties().forEach((k, v) -> System.setProperty(k, v.toString()));
    }

    @AfterAll
    static void stop() {
        KMS.properties().keySet().forEach(System::clearProperty);
        KMS.close();
    }

    @TestConfiguration
    static class Kms {
        @Bean
        LocalKms localKms() {
            return KMS;
        }
    }

    @Autowired
    GreetingProperties greeting;

    @Autowired
    LocalRotation rotation;

    @Autowired
    HikariDataSource dataSource;

    @Autowired
    SecretSync secrets;

    @Test
    void startsWithImportedSettingsAndFollowsARotation() throws Exception {
        assertThat(greeting.getGreeting()).isEqualTo("hello from KMS");
        String before = secrets.status("app-db").versionId();

        rotation.rotate();

        await().atMost(Duration.ofSeconds(20)).until(() -> !before.equals(secrets.status("app-db").versionId())
                && "local-password-2".equals(dataSource.getPassword()));
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.isValid(2)).isTrue();
        }

        // A setting changes too: the @ConfigurationProperties bean is rebound (no Spring Cloud here).
        KMS.emulator().rotate("app-config", "{\"app\":{\"greeting\":\"hello again\"}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "hello again".equals(greeting.getGreeting()));
    }
}
