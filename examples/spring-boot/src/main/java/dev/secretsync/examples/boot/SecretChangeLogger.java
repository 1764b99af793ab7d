package dev.secretsync.examples.boot;

import dev.secretsync.spring.SecretChangedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Shows what a change does: names, versions and keys are logged; values never. */
@Component
public class SecretChangeLogger {

    private static final Logger LOG = LoggerFactory.getLogger(SecretChangeLogger.class);

    private final DataSource dataSource;

    public SecretChangeLogger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @EventListener
    public void onChange(SecretChangedEvent event) throws SQLException {
        LOG.info("secret '{}' changed {} -> {}, keys {}", event.getSecretName(), event.getPreviousVersionId(),
                event.getVersionId(), event.getChangedKeys());
        try (Connection c = dataSource.getConnection()) {
            LOG.info("a new pooled connection works: {}", c.isValid(2));
        }
    }
}
