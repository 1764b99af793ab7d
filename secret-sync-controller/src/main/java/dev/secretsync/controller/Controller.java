package dev.secretsync.controller;

import dev.secretsync.controller.reconcile.ControllerStores;
import dev.secretsync.controller.reconcile.WorkKey;
import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.engine.RefStatus;
import dev.secretsync.core.engine.SyncEngine;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.kms.KmsStoreConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret-sync controller: keeps the Kubernetes Secrets that ExternalSecrets (and
 * ClusterExternalSecrets) describe in sync with KMS.
 *
 * <pre>{@code
 * Controller controller = Controller.create(client, settings, defaultStore, meterRegistry);
 * controller.start();          // informers, then leader election; the leader syncs
 * controller.isReady();        // informers synced (followers are ready but idle)
 * controller.close();          // stops syncing and releases the lease
 * }</pre>
 *
 * This class keeps the informers, leader election, the work queue and dispatch. Informer handlers
 * only enqueue typed {@link WorkKey}s ({@link ReconcileTriggers}); {@code --reconcile-count} workers
 * hand each to the reconciler of its kind ({@code controller.reconcile}), which reads the informer
 * caches, so an idle cycle makes no Kubernetes API request. Everything the leader owns is one
 * {@link LeaderSession}. See {@code secret-sync-controller/docs/behaviour.md}.
 */
public final class Controller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    /** Label on the ExternalSecrets a ClusterExternalSecret created: the ClusterExternalSecret's name. */
    public static final String CES_LABEL = Metadata.CLUSTER_EXTERNAL_SECRET_LABEL;
    /** The pod template annotation a rollout restart sets (as {@code kubectl rollout restart}). */
    public static final String RESTARTED_AT_ANNOTATION = Metadata.RESTARTED_AT_ANNOTATION;

    private final KubernetesClient client;
    private final ControllerSettings settings;
    private final Clock clock;
    private final UnaryOperator<KmsStoreConfig.Builder> storeCustomizer;
    private final ControllerStores controllerStores;
    private final ControllerMetrics metrics;
    private final String identity;

    private Informers informers;
    private ReconcileTriggers triggers;
    private volatile LeaderSession session;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean leadershipLost;
    private CompletableFuture<?> election;
    private LeaderElector elector;

    private Controller(Builder b) {
        this.client = b.client;
        this.settings = b.settings;
        this.clock = b.clock;
        UnaryOperator<KmsStoreConfig.Builder> custom = b.storeCustomizer;
        this.storeCustomizer = settings.allowLoopbackEndpoints() ? c -> custom.apply(c.allowLoopbackEndpoint(true)) : custom;
        this.controllerStores = ControllerStores.of(b.defaultStore, storeCustomizer);
        this.identity = b.identity != null ? b.identity : hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.metrics = new ControllerMetrics(b.meters, () -> session == null ? 0 : session.queue.depth(),
                this::maxStalenessSeconds, () -> session == null ? 0 : 1);
    }

    /**
     * @param defaultStore the controller's own KMS store (environment credentials) for entries
     *                     without a {@code secretStoreRef}; {@code null} if there is none
     */
    public static Controller create(KubernetesClient client, ControllerSettings settings, KmsStoreConfig defaultStore,
                                    MeterRegistry meters) {
        return builder(client, settings, meters).defaultStore(defaultStore).build();
    }

    /**
     * A copy of {@code config} fit for the controller's client: the HTTP client's own retries off.
     * fabric8 retries 429, 5xx and I/O errors of every request up to 10 times with backoff, about 20 s
     * per request while the API keeps failing; the controller already retries by itself, bounded and
     * visible in status and metrics (the engine's write retries, the work queue, informer re-watches,
     * the elector's retry period), so a hidden retry only holds a writer thread for that long and can
     * outlast the lease's renew deadline.
     */
    public static Config clientConfig(Config config) {
        return new ConfigBuilder(config).withRequestRetryBackoffLimit(0).build();
    }

    public static Builder builder(KubernetesClient client, ControllerSettings settings, MeterRegistry meters) {
        return new Builder(client, settings, meters);
    }

    /** Starts the informers, waits until they are synced, then takes part in leader election. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        informers = Informers.of(client);
        triggers = new ReconcileTriggers(informers, settings, () -> session);
        triggers.register();
        informers.startAndSync();
        LOG.info("informers synced; identity {}", identity);
        if (settings.leaderElection()) {
            String namespace = settings.leaseNamespace().orElseGet(() -> Optional.ofNullable(client.getNamespace())
                    .orElse("default"));
            var config = new LeaderElectionConfigBuilder()
                    .withName(settings.leaseName())
                    .withLock(new LeaseLock(namespace, settings.leaseName(), identity))
                    .withLeaseDuration(settings.leaseDuration())
                    .withRenewDeadline(settings.renewDeadline())
                    .withRetryPeriod(settings.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::leadershipEnded,
                            id -> LOG.info("leader is now {}", id)))
                    .build();
            elector = client.leaderElector().withConfig(config).build();
            election = elector.start();
        } else {
            startLeading();
        }
    }

    /** Whether this instance is the one syncing. */
    public boolean isLeader() {
        return session != null;
    }

    /** Informers synced (a follower is ready, and idle). */
    public boolean isReady() {
        return started && !closed && informers != null && informers.all().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Informers running (watches are re-established by the client) and leadership not lost. */
    public boolean isHealthy() {
        return started && !closed && !leadershipLost && informers != null
                && informers.all().stream().allMatch(SharedIndexInformer::isRunning);
    }

    /** This instance's name in the Lease. */
    public String identity() {
        return identity;
    }

    /** Nothing waiting for or in reconcile (for tests and the local demo). */
    public boolean isIdle() {
        LeaderSession s = session;
        return s == null || s.queue.idle();
    }

    /** Stops syncing and the informers, and releases the Lease. Secrets are left as they are. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean wasLeader = session != null;
        stopLeading();
        if (election != null) {
            election.cancel(true);
            if (wasLeader) {
                try {
                    elector.release(); // now, not on the elector's thread later: the follower takes over at once
                } catch (RuntimeException e) {
                    LOG.warn("releasing the lease failed: {}", e.toString());
                }
            }
        }
        if (informers != null) {
            informers.all().forEach(SharedIndexInformer::close);
        }
    }

    // ---- leadership: the leader's state is one LeaderSession, made and dropped whole ----

    private synchronized void startLeading() {
        if (closed || session != null) {
            return;
        }
        LOG.info("{} is the leader: syncing", identity);
        session = new LeaderSession(client, informers, settings, clock, controllerStores, storeCustomizer, metrics,
                this::dispatch);
        triggers.enqueueAll();
    }

    /** The elector gave up leadership (it does not run again): unhealthy, so the pod is restarted. */
    private void leadershipEnded() {
        if (!closed) {
            LOG.warn("{} lost the leadership; reporting unhealthy so that it is restarted", identity);
            leadershipLost = true;
        }
        stopLeading();
    }

    private void stopLeading() {
        LeaderSession s;
        synchronized (this) {
            s = session;
            session = null;
        }
        if (s != null) {
            LOG.info("{} stops syncing", identity);
            s.close();
        }
    }

    // ---- dispatch ----

    private void dispatch(WorkKey key) {
        LeaderSession s = session;
        if (s == null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            switch (key.kind()) {
                case EXTERNAL_SECRET -> s.externalSecrets.reconcile(key);
                case SECRET_STORE, CLUSTER_SECRET_STORE -> s.stores.reconcile(key);
                case CLUSTER_EXTERNAL_SECRET -> s.clusterExternalSecrets.reconcile(key);
            }
        } catch (KubernetesClientException e) {
            LOG.warn("reconcile of {} failed with HTTP {}; retrying", key, e.getCode());
            s.queue.addAfter(key, e.getCode() == 409 ? 200 : 2000);
        } finally {
            metrics.recordReconcile(key.kind().resourceKind(), Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    private double maxStalenessSeconds() {
        LeaderSession s = session;
        if (s == null) {
            return 0;
        }
        SyncEngine e = s.engine;
        double max = 0;
        for (SourceRef ref : e.refs()) {
            Optional<RefStatus> status = e.status(ref);
            if (status.isPresent() && status.get().failure().isPresent() && status.get().staleness() != null) {
                max = Math.max(max, status.get().staleness().toMillis() / 1000.0);
            }
        }
        return max;
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        return h == null || h.isBlank() ? "secret-sync" : h;
    }

    /** Builds a {@link Controller}; {@link Controller#create} covers the usual case. */
    public static final class Builder {
        private final KubernetesClient client;
        private final ControllerSettings settings;
        private final MeterRegistry meters;
        private KmsStoreConfig defaultStore;
        private Clock clock = Clock.systemUTC();
        private UnaryOperator<KmsStoreConfig.Builder> storeCustomizer = UnaryOperator.identity();
        private String identity;

        private Builder(KubernetesClient client, ControllerSettings settings, MeterRegistry meters) {
            this.client = Objects.requireNonNull(client, "client");
            this.settings = Objects.requireNonNull(settings, "settings");
            this.meters = Objects.requireNonNull(meters, "meters");
        }

        /** The controller's own store (environment credentials); {@code null} for none. */
        public Builder defaultStore(KmsStoreConfig store) {
            this.defaultStore = store;
            return this;
        }

        /** Time for status conditions and events. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adjusts every KMS store configuration the controller builds (timeouts; in tests and the
         * local demo, {@code allowLoopbackEndpoint(true)}).
         */
        public Builder storeCustomizer(UnaryOperator<KmsStoreConfig.Builder> customizer) {
            this.storeCustomizer = Objects.requireNonNull(customizer, "storeCustomizer");
            return this;
        }

        /** This instance's name in the Lease (default: host name plus a random suffix). */
        public Builder identity(String identity) {
            if (identity == null || identity.isBlank()) {
                throw new IllegalArgumentException("identity must not be blank");
            }
            this.identity = identity;
            return this;
        }

        public Controller build() {
            return new Controller(this);
        }
    }
}
