package dev.secretsync.spring.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.util.Credentials;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.embedded.JsonSecrets;
import dev.secretsync.core.embedded.SecretChange;
import dev.secretsync.core.embedded.SecretChangeListener;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.core.embedded.SecretUnavailableException;
import dev.secretsync.spring.config.SecretSyncProperties;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps HikariCP pools on the credentials of one secret. On a change it swaps the pool's
 * credentials atomically ({@code HikariConfigMXBean.setCredentials}) and soft-evicts: idle
 * connections close at once, connections in use close when returned, and every new connection
 * signs in with the new credentials. Work in flight is never interrupted.
 *
 * <p>Rotate the database first (add the new password, keep the old one valid) and the secret
 * second, so that both sets work while the pool turns over.
 */
public class HikariCredentialRotator implements SmartLifecycle {

    private static final Log LOG = LogFactory.getLog(HikariCredentialRotator.class);

    private final SecretSync sync;
    private final ListableBeanFactory beans;
    private final SecretSyncProperties.Datasource settings;
    private final SourceRef ref;
    private final SecretChangeListener listener = this::onChange;
    private volatile boolean running;

    public HikariCredentialRotator(SecretSync sync, ListableBeanFactory beans, SecretSyncProperties.Datasource settings) {
        this.sync = sync;
        this.beans = beans;
        this.settings = settings;
        this.ref = sync.ref(settings.getSecret());
    }

    /** Runs early, so pools not yet started begin with the secret's credentials. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    @Override
    public void start() {
        sync.addListener(listener);
        running = true;
        try {
            apply(sync.get(ref), null);
        } catch (SecretUnavailableException e) {
            LOG.warn("DataSource secret '" + ref.name() + "' is not available: " + e.getMessage()
                    + "; the pool keeps its configured credentials until it is");
        }
    }

    @Override
    public void stop() {
        sync.removeListener(listener);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void onChange(SecretChange change) {
        if (change.ref().equals(ref)) {
            apply(change.value(), change.versionId());
        }
    }

    /** Sets the credentials on every target pool; returns how many pools took them. */
    int apply(SecretValue value, String versionId) {
        Credentials next = credentials(value);
        int rotated = 0;
        for (HikariDataSource pool : pools()) {
            String username = next.getUsername() != null ? next.getUsername() : pool.getUsername();
            boolean same = java.util.Objects.equals(username, pool.getUsername())
                    && java.util.Objects.equals(next.getPassword(), pool.getPassword());
            if (same) {
                continue;
            }
            pool.getHikariConfigMXBean().setCredentials(Credentials.of(username, next.getPassword()));
            HikariPoolMXBean mx = pool.getHikariPoolMXBean();
            if (mx != null) {
                mx.softEvictConnections(); // null before the pool has started: nothing to evict
            }
            rotated++;
            LOG.info("HikariCP pool '" + pool.getPoolName() + "' now uses the credentials of secret '" + ref.name()
                    + "'" + (versionId == null ? "" : " version " + versionId));
        }
        return rotated;
    }

    private Credentials credentials(SecretValue value) {
        String text = value.asString();
        if (!text.stripLeading().startsWith("{")) {
            return new Credentials(null, text);
        }
        Map<String, String> fields = JsonSecrets.flatten(text);
        String password = fields.get(settings.getPasswordKey());
        if (password == null) {
            throw new IllegalStateException("DataSource secret '" + ref.name() + "' has no field '"
                    + settings.getPasswordKey() + "'");
        }
        return new Credentials(fields.get(settings.getUsernameKey()), password);
    }

    private List<HikariDataSource> pools() {
        List<HikariDataSource> pools = new ArrayList<>();
        Map<String, DataSource> all = beans.getBeansOfType(DataSource.class);
        String only = settings.getBeanName();
        all.forEach((name, ds) -> {
            if (only == null || only.isBlank() || only.equals(name)) {
                unwrap(ds).ifPresent(pools::add);
            }
        });
        return pools;
    }

    private static Optional<HikariDataSource> unwrap(DataSource ds) {
        if (ds instanceof HikariDataSource hikari) {
            return Optional.of(hikari);
        }
        try {
            return ds.isWrapperFor(HikariDataSource.class) ? Optional.of(ds.unwrap(HikariDataSource.class)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }
}
