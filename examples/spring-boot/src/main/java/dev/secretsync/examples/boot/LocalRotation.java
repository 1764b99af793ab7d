package dev.secretsync.examples.boot;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Plays the rotation job of the {@code local} profile: first the database gets the new password,
 * then the secret in KMS. The starter notices the new version on its next refresh and moves the
 * pool over; nobody restarts anything.
 */
@Component
@Profile("local")
public class LocalRotation {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRotation.class);

    private final LocalKms kms;
    private final DataSource dataSource;
    private final AtomicInteger generation = new AtomicInteger(1);

    public LocalRotation(LocalKms kms, DataSource dataSource) {
        this.kms = kms;
        this.dataSource = dataSource;
    }

    @Scheduled(initialDelayString = "${example.rotate-every:20s}", fixedDelayString = "${example.rotate-every:20s}")
    public void rotate() throws SQLException {
        String password = "local-password-" + generation.incrementAndGet();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER USER app SET PASSWORD '" + password + "'");
        }
        String version = kms.emulator().rotate("app-db", "{\"username\":\"app\",\"password\":\"" + password + "\"}");
        LOG.info("rotated the database password and the secret 'app-db' (now version {})", version);
    }
}
