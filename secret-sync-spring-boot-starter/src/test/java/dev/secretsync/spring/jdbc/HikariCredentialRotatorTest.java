package dev.secretsync.spring.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SourceException;
import dev.secretsync.spring.config.SecretSyncProperties;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class HikariCredentialRotatorTest {

    static final String CANARY = "CANARY-7f3a9c";

    final Map<String, SecretValue> values = new ConcurrentHashMap<>();
    final SecretSync sync = SecretSync.builder(ref -> {
        SecretValue v = values.get(ref.name());
        if (v == null) {
            throw new SourceException(FailureKind.NOT_FOUND, "Forbidden.ResourceNotFound", "no " + ref);
        }
        return v;
    }).build();
    final HikariDataSource primary = pool("primary");
    final HikariDataSource other = pool("other");
    final StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("primary", primary, "other", other));

    static HikariDataSource pool(String name) {
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName(name);
        ds.setJdbcUrl("jdbc:h2:mem:rotator-" + name + ";DB_CLOSE_DELAY=-1");
        ds.setUsername("app");
        ds.setPassword("old");
        return ds;
    }

    SecretSyncProperties.Datasource settings(String secret, String beanName) {
        SecretSyncProperties.Datasource d = new SecretSyncProperties().getDatasource();
        d.setSecret(secret);
        d.setBeanName(beanName);
        return d;
    }

    @AfterEach
    void close() {
        sync.close();
        primary.close();
        other.close();
    }

    @Test
    void aPlainSecretIsThePasswordAndTheUserStays() {
        values.put("db-pass", SecretValue.text("new-" + CANARY, "v1"));
        HikariCredentialRotator rotator = new HikariCredentialRotator(sync, beans, settings("db-pass", null));
        rotator.start();

        assertThat(primary.getPassword()).isEqualTo("new-" + CANARY);
        assertThat(primary.getUsername()).isEqualTo("app");
        assertThat(other.getPassword()).as("every pool without a bean name").isEqualTo("new-" + CANARY);
        rotator.stop();
    }

    @Test
    void aBeanNameLimitsTheRotationToThatPoolAndJsonFieldsAreConfigurable() {
        values.put("db", SecretValue.text("{\"user\":\"svc\",\"secret\":\"s2\"}", "v1"));
        SecretSyncProperties.Datasource settings = settings("db", "primary");
        settings.setUsernameKey("user");
        settings.setPasswordKey("secret");
        new HikariCredentialRotator(sync, beans, settings).start();

        assertThat(primary.getUsername()).isEqualTo("svc");
        assertThat(primary.getPassword()).isEqualTo("s2");
        assertThat(other.getPassword()).isEqualTo("old");
    }

    @Test
    void aStartedPoolTakesTheNewCredentialsForNewConnections() throws Exception {
        try (Connection first = primary.getConnection()) {
            first.createStatement().execute("ALTER USER app SET PASSWORD 'rotated'");
        }
        values.put("db", SecretValue.text("{\"username\":\"app\",\"password\":\"rotated\"}", "v2"));
        HikariCredentialRotator rotator = new HikariCredentialRotator(sync, beans, settings("db", "primary"));

        assertThat(rotator.apply(values.get("db"), "v2")).isEqualTo(1);
        primary.getHikariPoolMXBean().softEvictConnections();
        try (Connection next = primary.getConnection()) {
            assertThat(next.isValid(2)).isTrue();
        }
        assertThat(rotator.apply(values.get("db"), "v2")).as("same credentials: nothing to do").isZero();
    }

    @Test
    void aJsonSecretWithoutThePasswordFieldIsRefusedWithoutItsContent() {
        values.put("db", SecretValue.text("{\"username\":\"app\",\"pass\":\"" + CANARY + "\"}", "v1"));
        HikariCredentialRotator rotator = new HikariCredentialRotator(sync, beans, settings("db", null));

        assertThatThrownBy(() -> rotator.apply(values.get("db"), "v1"))
                .hasMessageContaining("password").hasMessageNotContaining(CANARY);
        assertThat(primary.getPassword()).isEqualTo("old");
    }

    @Test
    void aMissingSecretLeavesThePoolAsConfigured() {
        HikariCredentialRotator rotator = new HikariCredentialRotator(sync, beans, settings("absent", null));
        rotator.start();

        assertThat(rotator.isRunning()).isTrue();
        assertThat(primary.getPassword()).isEqualTo("old");
    }
}
