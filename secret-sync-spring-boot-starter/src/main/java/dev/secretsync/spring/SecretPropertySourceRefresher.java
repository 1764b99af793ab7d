package dev.secretsync.spring;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.embedded.SecretChange;
import dev.secretsync.core.embedded.SecretChangeListener;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.event.SyncListener;
import dev.secretsync.spring.config.SecretPropertySource;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Takes secret changes into the application, one at a time on its own thread (never on the
 * engine's): updates the imported property sources, rebinds beans, then publishes
 * {@link SecretChangedEvent}.
 */
public class SecretPropertySourceRefresher implements SmartLifecycle {

    private static final Log LOG = LogFactory.getLog(SecretPropertySourceRefresher.class);

    private final SecretSync sync;
    private final ConfigurableEnvironment environment;
    private final PropertiesRebinder rebinder;
    private final ApplicationEventPublisher publisher;
    private final SecretChangeListener changeListener = this::onChange;
    private final SyncListener fetchListener = this::onFetch;
    private volatile ExecutorService executor;

    public SecretPropertySourceRefresher(SecretSync sync, ConfigurableEnvironment environment, PropertiesRebinder rebinder,
                                         ApplicationEventPublisher publisher) {
        this.sync = sync;
        this.environment = environment;
        this.rebinder = rebinder;
        this.publisher = publisher;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "secret-sync-refresh");
            t.setDaemon(true);
            return t;
        });
        sync.addListener(changeListener);
        sync.addEngineListener(fetchListener);
        // Optional imports that had no value at start-up may have one by now.
        environment.getPropertySources().stream()
                .filter(SecretPropertySource.class::isInstance)
                .map(SecretPropertySource.class::cast)
                .filter(ps -> !ps.hasValue())
                .forEach(ps -> sync.track(ps.ref()));
    }

    @Override
    public void stop() {
        sync.removeListener(changeListener);
        sync.removeEngineListener(fetchListener);
        ExecutorService running = executor;
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    private void onChange(SecretChange change) {
        submit(() -> apply(change.ref(), change.value(), change.previousVersionId(), change.versionId()));
    }

    /** A first value for a secret that was not readable at start-up (an {@code optional:} import). */
    private void onFetch(SyncEvent event) {
        if (event instanceof SyncEvent.SecretFetched fetched && !fetched.changed()) {
            boolean waiting = environment.getPropertySources().stream()
                    .anyMatch(ps -> ps instanceof SecretPropertySource sps && sps.ref().equals(fetched.ref()) && !sps.hasValue());
            if (waiting) {
                submit(() -> sync.peek(fetched.ref()).ifPresent(v -> apply(fetched.ref(), v, null, fetched.versionId())));
            }
        }
    }

    private void submit(Runnable task) {
        ExecutorService running = executor;
        if (running != null && !running.isShutdown()) {
            try {
                running.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // stopping
            }
        }
    }

    void apply(SourceRef ref, SecretValue value, String previousVersionId, String versionId) {
        Set<String> changedKeys = new TreeSet<>();
        for (PropertySource<?> ps : environment.getPropertySources()) {
            if (ps instanceof SecretPropertySource sps && sps.ref().equals(ref)) {
                changedKeys.addAll(sps.update(value));
            }
        }
        if (!changedKeys.isEmpty()) {
            try {
                rebinder.rebind(changedKeys);
            } catch (RuntimeException e) {
                LOG.warn("rebinding after a change of secret '" + ref.name() + "' failed: " + e.getClass().getName());
            }
        }
        LOG.info("secret '" + ref.name() + "' changed: version " + Optional.ofNullable(previousVersionId).orElse("-")
                + " -> " + Optional.ofNullable(versionId).orElse("-") + ", keys " + changedKeys);
        publisher.publishEvent(new SecretChangedEvent(this, ref.name(), previousVersionId, versionId, changedKeys));
    }
}
