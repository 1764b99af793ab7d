package dev.secretsync.controller;

import dev.secretsync.core.engine.Binding;
import dev.secretsync.core.RateLimitPolicy;
import dev.secretsync.core.engine.RefStatus;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.engine.SyncEngine;
import dev.secretsync.core.SyncDecision;
import dev.secretsync.core.spi.TransformException;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SinkException;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.sink.CreationPolicy;
import dev.secretsync.k8s.sink.DeletionPolicy;
import dev.secretsync.k8s.sink.KubernetesSecretSink;
import dev.secretsync.k8s.sink.SecretCache;
import dev.secretsync.k8s.sink.TargetOptions;
import dev.secretsync.k8s.store.KubeAccess;
import dev.secretsync.k8s.store.StoreResolution;
import dev.secretsync.k8s.store.StoreRefs;
import dev.secretsync.k8s.store.StoreResolver;
import dev.secretsync.k8s.store.StoreStatus;
import dev.secretsync.kms.KmsSecretSource;
import dev.secretsync.kms.KmsStoreConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * Informer handlers only enqueue; {@code --reconcile-count} workers reconcile from the informer
 * caches, so an idle cycle makes no Kubernetes API request. See {@code docs/behaviour.md}.
 */
public final class Controller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    /** Label on the ExternalSecrets a ClusterExternalSecret created: the ClusterExternalSecret's name. */
    public static final String CES_LABEL = "secret-sync.dev/cluster-external-secret";
    /** The pod template annotation a rollout restart sets (as {@code kubectl rollout restart}). */
    public static final String RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";

    static final String ES = "ExternalSecret/";
    static final String SS = "SecretStore/";
    static final String CSS = "ClusterSecretStore/";
    static final String CES = "ClusterExternalSecret/";
    static final String STATUS = "Status/";

    private final KubernetesClient client;
    private final ControllerSettings settings;
    private final Clock clock;
    private final UnaryOperator<KmsStoreConfig.Builder> storeCustomizer;
    private final KmsStoreConfig defaultStore;
    private final ControllerMetrics metrics;
    private final String identity;
    private final ExternalSecretTranslator translator;
    private final KmsSecretSource source = new KmsSecretSource();
    private final ScheduledExecutorService timers;

    private SharedIndexInformer<ExternalSecret> esInformer;
    private SharedIndexInformer<SecretStore> ssInformer;
    private SharedIndexInformer<ClusterSecretStore> cssInformer;
    private SharedIndexInformer<ClusterExternalSecret> cesInformer;
    private SharedIndexInformer<Secret> secretInformer;
    private SharedIndexInformer<ServiceAccount> saInformer;
    private SharedIndexInformer<Namespace> nsInformer;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    private StoreResolver resolver;
    private KubernetesSecretSink sink;
    private Statuses statuses;
    private ClusterExternalSecrets clusterExternalSecrets;

    private final Object leadership = new Object();
    private volatile SyncEngine engine;
    private volatile WorkQueue queue;
    private volatile boolean leader;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean leadershipLost;
    private CompletableFuture<?> election;
    private io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector elector;

    // Leader state, reset when leadership ends.
    final Map<String, ExternalSecretTranslation> translations = new ConcurrentHashMap<>();
    final Map<String, StoreResolution> storeStates = new ConcurrentHashMap<>();
    final Map<String, ExternalSecretTranslation.EndpointStore> endpointStores = new ConcurrentHashMap<>();
    final Map<SourceRef, String> failedRefs = new ConcurrentHashMap<>();
    private final Set<SourceRef> retrying = ConcurrentHashMap.newKeySet();
    final Map<String, String> writeFailures = new ConcurrentHashMap<>();
    /** Bindings whose fetched data does not fit the spec (bad path, non-object extract, over 1 MiB, ...). */
    final Map<String, String> transformFailures = new ConcurrentHashMap<>();
    private final Map<String, String> refreshSeen = new ConcurrentHashMap<>();
    private final Map<String, String> registeredTargets = new ConcurrentHashMap<>();
    /** ExternalSecrets that cannot sync because a store is missing, not ready or not allowed: the reason. */
    final Map<String, String> storeProblems = new ConcurrentHashMap<>();
    /** Bindings whose Secret the engine wrote or found in sync since they were last registered or changed. */
    final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    /** The ExternalSecrets using each reference and each target, kept with {@link #translations}: no scan per event. */
    private final UsersIndex<SourceRef> refUsers = new UsersIndex<>();
    private final UsersIndex<String> targetUsers = new UsersIndex<>();
    /** ExternalSecrets as this controller's own writes returned them, until the informer has caught up. */
    private final Map<String, ExternalSecret> ownWrites = new ConcurrentHashMap<>();

    private Controller(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.clock = b.clock;
        UnaryOperator<KmsStoreConfig.Builder> custom = b.storeCustomizer;
        this.storeCustomizer = b.settings != null && b.settings.allowLoopbackEndpoints()
                ? c -> custom.apply(c.allowLoopbackEndpoint(true)) : custom;
        this.defaultStore = b.defaultStore;
        this.identity = b.identity != null ? b.identity : hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.translator = new ExternalSecretTranslator(settings);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "secret-sync-controller-timers");
            t.setDaemon(true);
            return t;
        });
        this.metrics = new ControllerMetrics(Objects.requireNonNull(b.meters, "meters"),
                () -> queue == null ? 0 : queue.depth(), this::maxStalenessSeconds, () -> leader ? 1 : 0);
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
        esInformer = client.resources(ExternalSecret.class).inAnyNamespace().runnableInformer(0);
        esInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ExternalSecret es) {
                enqueueExternalSecret(es);
            }

            @Override
            public void onUpdate(ExternalSecret old, ExternalSecret es) {
                // Our own status writes (and others' status-only changes) need no reconcile.
                if (!statusOnlyChange(old, es)) {
                    enqueueExternalSecret(es);
                }
            }

            @Override
            public void onDelete(ExternalSecret es, boolean deletedFinalStateUnknown) {
                enqueueExternalSecret(es);
            }
        });
        informers.add(esInformer);
        ssInformer = inform(client.resources(SecretStore.class).inAnyNamespace().runnableInformer(0),
                s -> watched(s.getMetadata().getNamespace()) ? SS + key(s) : null);
        cssInformer = inform(client.resources(ClusterSecretStore.class).runnableInformer(0),
                s -> settings.processClusterSecretStore() ? CSS + s.getMetadata().getName() : null);
        cesInformer = inform(client.resources(ClusterExternalSecret.class).runnableInformer(0),
                c -> settings.processClusterExternalSecret() ? CES + c.getMetadata().getName() : null);
        secretInformer = client.secrets().inAnyNamespace().runnableInformer(0);
        secretInformer.addEventHandler(handler(this::onSecret));
        informers.add(secretInformer);
        saInformer = client.serviceAccounts().inAnyNamespace().runnableInformer(0);
        saInformer.addEventHandler(handler(sa -> onCredentialChange(sa.getMetadata().getNamespace())));
        informers.add(saInformer);
        nsInformer = client.namespaces().runnableInformer(0);
        nsInformer.addEventHandler(handler(this::onNamespace));
        informers.add(nsInformer);

        String region = settings.region().orElse(defaultStore == null ? null : defaultStore.region());
        if (region != null) {
            // Stores sign in with their own chain only: the controller's credentials are never lent to them.
            StoreResolver.Builder rb = StoreResolver.builder(KubeAccess.of(client, secretInformer, saInformer, nsInformer))
                    .region(region)
                    .allowCrossNamespaceRefs(settings.enableCrossNamespaceAuthRef())
                    .cluster(settings.clusterId().orElse(null), settings.uid().orElse(null))
                    .enableWorkerRole(settings.enableWorkerRole())
                    .customize(storeCustomizer);
            settings.kmsEndpoint().ifPresent(rb::endpoint); // --kms-endpoint: stores that name no endpoint
            resolver = rb.build();
        }
        SecretCache cache = SecretCache.of(secretInformer);
        statuses = new Statuses(this, client, clock);
        sink = KubernetesSecretSink.builder(client, cache).clock(clock).listener(statuses::written).build();
        clusterExternalSecrets = new ClusterExternalSecrets(this, client, clock);
        if (defaultStore != null) {
            source.putStore(ExternalSecretTranslator.CONTROLLER_STORE, baseConfig(ExternalSecretTranslator.CONTROLLER_STORE).get());
            source.putStore(StoreRefs.CONTROLLER_OOS_STORE, baseConfig(StoreRefs.CONTROLLER_OOS_STORE).get());
        }

        CompletableFuture.allOf(informers.stream().map(i -> i.start().toCompletableFuture())
                .toArray(CompletableFuture[]::new)).join();
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
        return leader;
    }

    /** Informers synced (a follower is ready, and idle). */
    public boolean isReady() {
        return started && !closed && !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Informers running (watches are re-established by the client) and leadership not lost. */
    public boolean isHealthy() {
        return started && !closed && !leadershipLost && informers.stream().allMatch(SharedIndexInformer::isRunning);
    }

    /** This instance's name in the Lease. */
    public String identity() {
        return identity;
    }

    /** Nothing waiting for or in reconcile (for tests and the local demo). */
    public boolean isIdle() {
        WorkQueue q = queue;
        return q == null || q.idle();
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
        boolean wasLeader = leader;
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
        informers.forEach(SharedIndexInformer::close);
        timers.shutdownNow();
        source.close();
    }

    // ---- leadership ----

    private void startLeading() {
        synchronized (leadership) {
            if (closed || leader) {
                return;
            }
            LOG.info("{} is the leader: syncing", identity);
            engine = SyncEngine.builder(source)
                    .clock(clock)
                    .refreshInterval(settings.pollingInterval())
                    .jitter(settings.jitter())
                    .polling(!settings.disablePolling())
                    .rateLimit(RateLimitPolicy.perSecond(settings.maxKmsPullsPerSecond()))
                    .rateLimits(store -> source.service(store).filter(s -> s == KmsStoreConfig.Service.OOS)
                            .map(s -> RateLimitPolicy.perSecond(settings.maxOosPullsPerSecond())).orElse(null))
                    .listener(metrics)
                    .listener(this::onSyncEvent)
                    .build();
            queue = new WorkQueue(settings.reconcileCount(), this::reconcile);
            leader = true;
        }
        enqueueAll();
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
        WorkQueue q;
        SyncEngine e;
        synchronized (leadership) {
            if (!leader) {
                return;
            }
            LOG.info("{} stops syncing", identity);
            leader = false;
            q = queue;
            e = engine;
            queue = null;
            engine = null;
        }
        q.close();
        e.close();
        translations.clear();
        refUsers.clear();
        targetUsers.clear();
        failedRefs.clear();
        retrying.clear();
        writeFailures.clear();
        transformFailures.clear();
        refreshSeen.clear();
        confirmed.clear();
        storeProblems.clear();
        ownWrites.clear();
        registeredTargets.values().forEach(sink::unregister);
        registeredTargets.clear();
    }

    private void enqueueAll() {
        ssInformer.getStore().list().forEach(s -> enqueue(s.getMetadata().getNamespace(), SS + key(s)));
        if (settings.processClusterSecretStore()) {
            cssInformer.getStore().list().forEach(s -> enqueue(null, CSS + s.getMetadata().getName()));
        }
        if (settings.processClusterExternalSecret()) {
            cesInformer.getStore().list().forEach(c -> enqueue(null, CES + c.getMetadata().getName()));
        }
        esInformer.getStore().list().forEach(es -> enqueue(es.getMetadata().getNamespace(), ES + key(es)));
    }

    // ---- informer handlers: enqueue only ----

    private <T extends HasMetadata> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer,
                                                                 java.util.function.Function<T, String> keyOf) {
        informer.addEventHandler(handler(r -> {
            String k = keyOf.apply(r);
            if (k != null) {
                enqueue(null, k);
            }
        }));
        informers.add(informer);
        return informer;
    }

    private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> onAny) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onAny.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onAny.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onAny.accept(obj);
            }
        };
    }

    private void enqueueExternalSecret(ExternalSecret es) {
        if (watched(es.getMetadata().getNamespace())) {
            enqueue(null, ES + key(es));
        }
    }

    /** Whether an update changed nothing a reconcile reads (spec, labels, annotations, finalizers, deletion). */
    static boolean statusOnlyChange(ExternalSecret old, ExternalSecret es) {
        var o = old.getMetadata();
        var n = es.getMetadata();
        return o.getGeneration() != null && Objects.equals(o.getGeneration(), n.getGeneration())
                && Objects.equals(o.getUid(), n.getUid())
                && Objects.equals(old.getSpec(), es.getSpec())
                && Objects.equals(o.getLabels(), n.getLabels())
                && Objects.equals(o.getAnnotations(), n.getAnnotations())
                && Objects.equals(o.getFinalizers(), n.getFinalizers())
                && Objects.equals(o.getOwnerReferences(), n.getOwnerReferences())
                && Objects.equals(o.getDeletionTimestamp(), n.getDeletionTimestamp());
    }

    /**
     * The ExternalSecret as the informer has it, or as this controller's last write of it returned
     * it when the informer has not caught up yet: decisions and the next write start from the
     * newest copy, so a write is not repeated (or refused for a stale resourceVersion).
     */
    ExternalSecret current(String nsName) {
        ExternalSecret cached = esInformer.getStore().getByKey(nsName);
        ExternalSecret mine = ownWrites.get(nsName);
        if (mine == null) {
            return cached;
        }
        if (cached == null || !Objects.equals(cached.getMetadata().getUid(), mine.getMetadata().getUid())
                || !isOlder(cached, mine)) {
            ownWrites.remove(nsName, mine);
            return cached;
        }
        return mine;
    }

    /** Records what a write of an ExternalSecret returned (see {@link #current}). */
    void wrote(ExternalSecret result) {
        if (result != null && result.getMetadata() != null && result.getMetadata().getResourceVersion() != null) {
            ownWrites.put(key(result), result);
        }
    }

    private static boolean isOlder(HasMetadata cached, HasMetadata mine) {
        try {
            return Long.parseLong(cached.getMetadata().getResourceVersion())
                    < Long.parseLong(mine.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException e) {
            return false; // not comparable: believe the informer
        }
    }

    void enqueue(String namespace, String key) {
        WorkQueue q = queue;
        if (q != null && leader) {
            q.add(key);
        }
    }

    private void onSecret(Secret secret) {
        Map<String, String> annotations = secret.getMetadata().getAnnotations();
        String owner = annotations == null ? null : annotations.get(Metadata.OWNER_ANNOTATION);
        String mergedBy = annotations == null ? null : annotations.get(Metadata.MERGED_BY_ANNOTATION);
        String managedBy = owner != null ? owner : mergedBy;
        SyncEngine e = engine;
        if (managedBy != null && managedBy.startsWith(ES)) {
            // Drift or deletion: sync again from the cached values; no KMS call.
            if (e != null && leader && e.binding(managedBy).isPresent()) {
                e.resync(managedBy);
            }
            return;
        }
        onCredentialChange(secret.getMetadata().getNamespace());
    }

    /** A Secret or ServiceAccount that stores may read changed: resolve the stores again (cached by version). */
    private void onCredentialChange(String namespace) {
        if (!leader) {
            return;
        }
        ssInformer.getStore().list().stream().filter(s -> namespace.equals(s.getMetadata().getNamespace())
                || settings.enableCrossNamespaceAuthRef())
                .forEach(s -> enqueue(null, SS + key(s)));
        if (settings.processClusterSecretStore()) {
            cssInformer.getStore().list().forEach(s -> enqueue(null, CSS + s.getMetadata().getName()));
        }
    }

    private void onNamespace(Namespace ns) {
        if (!leader) {
            return;
        }
        if (settings.processClusterExternalSecret()) {
            cesInformer.getStore().list().forEach(c -> enqueue(null, CES + c.getMetadata().getName()));
        }
        // ClusterSecretStore conditions may select by namespace labels.
        esInformer.getStore().list().stream().filter(es -> ns.getMetadata().getName().equals(es.getMetadata().getNamespace()))
                .forEach(es -> enqueue(null, ES + key(es)));
    }

    // ---- reconcile ----

    private void reconcile(String key) {
        long t0 = System.nanoTime();
        try {
            if (key.startsWith(STATUS)) {
                statuses.update(key.substring(STATUS.length()));
            } else if (key.startsWith(ES)) {
                reconcileExternalSecret(key.substring(ES.length()));
            } else if (key.startsWith(SS)) {
                reconcileSecretStore(key.substring(SS.length()));
            } else if (key.startsWith(CSS)) {
                reconcileClusterSecretStore(key.substring(CSS.length()));
            } else if (key.startsWith(CES)) {
                clusterExternalSecrets.reconcile(key.substring(CES.length()));
            }
        } catch (KubernetesClientException e) {
            LOG.warn("reconcile of {} failed with HTTP {}; retrying", key, e.getCode());
            if (queue != null) {
                queue.addAfter(key, e.getCode() == 409 ? 200 : 2000);
            }
        } finally {
            metrics.recordReconcile(key.substring(0, key.indexOf('/')), Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    private void reconcileSecretStore(String nsName) {
        SecretStore store = ssInformer.getStore().getByKey(nsName);
        String id = SS + nsName;
        if (store == null || !watched(store.getMetadata().getNamespace())) {
            forgetStore(id);
            return;
        }
        StoreResolution r = resolver == null ? noRegion(id) : resolver.resolve(store);
        applyStore(id, r);
        StoreStatus.update(client, store, r, clock);
    }

    private void reconcileClusterSecretStore(String name) {
        ClusterSecretStore store = cssInformer.getStore().getByKey(name);
        String id = CSS + name;
        if (store == null || !settings.processClusterSecretStore()) {
            forgetStore(id);
            return;
        }
        StoreResolution r = resolver == null ? noRegion(id) : resolver.resolve(store);
        applyStore(id, r);
        StoreStatus.update(client, store, r, clock);
    }

    private static StoreResolution noRegion(String id) {
        return new StoreResolution(id, Optional.empty(), StoreResolution.VALIDATION_FAILED,
                "the controller has no region (--region)", null);
    }

    private void applyStore(String id, StoreResolution r) {
        StoreResolution previous = storeStates.put(id, r);
        if (r.ready()) {
            source.putStore(id, r.config().get());
        } else {
            source.removeStore(id);
        }
        endpointStores.forEach((derived, es) -> {
            if (es.baseStoreId().equals(id)) {
                putEndpointStore(derived, es);
            }
        });
        if (previous == null || previous.ready() != r.ready() || !Objects.equals(previous.config(), r.config())) {
            usersOfStore(id).forEach(k -> enqueue(null, ES + k));
        }
    }

    private void forgetStore(String id) {
        if (storeStates.remove(id) != null) {
            source.removeStore(id);
            if (resolver != null) {
                resolver.forget(id);
            }
            usersOfStore(id).forEach(k -> enqueue(null, ES + k));
        }
    }

    private List<String> usersOfStore(String storeId) {
        List<String> users = new ArrayList<>();
        translations.forEach((k, t) -> {
            if (t.storeIds().contains(storeId)) {
                users.add(k);
            }
        });
        return users;
    }

    private boolean putEndpointStore(String derived, ExternalSecretTranslation.EndpointStore es) {
        Optional<KmsStoreConfig> base = baseConfig(es.baseStoreId());
        if (base.isEmpty()) {
            source.removeStore(derived);
            return false;
        }
        source.putStore(derived, base.get().withEntryEndpoint(es.endpoint()));
        return true;
    }

    private Optional<KmsStoreConfig> baseConfig(String storeId) {
        if (ExternalSecretTranslator.CONTROLLER_STORE.equals(storeId)) {
            return Optional.ofNullable(defaultStore).map(c -> storeCustomizer.apply(c.toBuilder()).build());
        }
        if (StoreRefs.CONTROLLER_OOS_STORE.equals(storeId)) {   // the same sign-in, at the region's OOS endpoint
            return Optional.ofNullable(defaultStore).map(c -> storeCustomizer.apply(c.toBuilder()
                    .service(KmsStoreConfig.Service.OOS).endpoint(null)).build());
        }
        StoreResolution r = storeStates.get(storeId);
        return r == null ? Optional.empty() : r.config();
    }

    private void reconcileExternalSecret(String nsName) {
        ExternalSecret es = current(nsName);
        String bindingId = ES + nsName;
        if (es == null || !watched(es.getMetadata().getNamespace())) {
            drop(nsName);
            return;
        }
        if (es.getMetadata().getDeletionTimestamp() != null) {
            finalizeExternalSecret(es, nsName);
            return;
        }
        ExternalSecretTranslation t;
        try {
            t = translator.translate(es, templateSources());
        } catch (InvalidSpecException e) {
            drop(nsName);
            statuses.failed(es, InvalidSpecException.REASON, e.getMessage());
            return;
        }
        if (needsFinalizer(t.targetOptions()) && !hasFinalizer(es)) {
            es = addFinalizer(es);
        }
        String storeProblem = storeProblem(es.getMetadata().getNamespace(), t);
        if (storeProblem == null) {
            for (var entry : t.endpointStores().entrySet()) {
                try {
                    endpointStores.put(entry.getKey(), entry.getValue());
                    putEndpointStore(entry.getKey(), entry.getValue());
                } catch (IllegalArgumentException e) {
                    drop(nsName);
                    statuses.failed(es, InvalidSpecException.REASON, "spec.data[].kmsEndpoint: " + e.getMessage());
                    return;
                }
            }
        }
        if (storeProblem != null) {
            putTranslation(nsName, t);
            storeProblems.put(nsName, storeProblem);
            confirmed.remove(bindingId);
            SyncEngine e = engine;
            if (e != null) {
                e.remove(bindingId);
            }
            statuses.failed(es, Statuses.STORE_NOT_READY, storeProblem);
            return;
        }
        storeProblems.remove(nsName);
        String previousTarget = registeredTargets.put(nsName, t.target());
        if (previousTarget != null && !previousTarget.equals(t.target())) {
            sink.unregister(previousTarget);
        }
        sink.register(t.target(), t.targetOptions());
        putTranslation(nsName, t);
        SyncEngine e = engine;
        if (e == null) {
            return;
        }
        Binding next = binding(bindingId, t);
        if (!e.binding(bindingId).map(next::equals).orElse(false)) {
            confirmed.remove(bindingId); // Ready again once the engine has written (or checked) the Secret
        }
        if (ExternalSecretTranslator.CREATED_ONCE.equals(t.refreshPolicy()) && ownedSecretExists(t, nsName)) {
            e.remove(bindingId); // written once; never refreshed again
            statuses.update(nsName);
            return;
        }
        e.upsert(next);
        String requested = es.getMetadata().getAnnotations() == null ? null
                : es.getMetadata().getAnnotations().get(Metadata.REFRESH_REQUESTED_ANNOTATION);
        String seen = refreshSeen.put(nsName, requested == null ? "" : requested);
        if (requested != null) {
            if (seen != null && !seen.equals(requested)) {
                LOG.info("refresh requested for ExternalSecret {}", nsName);
                failedRefs.keySet().removeAll(t.refs());
                e.upsert(binding(bindingId, t));
                e.refreshNow(bindingId);
            }
        }
        statuses.update(nsName);
    }

    /**
     * Whether deleting the ExternalSecret has to do something to its Secret, which needs the
     * finalizer: remove the owner reference (Retain) or the Secret or merged keys (Delete). With
     * Orphan and Retain there is nothing to do, so no finalizer (and no write to add it).
     */
    static boolean needsFinalizer(TargetOptions options) {
        return !(options.creationPolicy() == CreationPolicy.ORPHAN && options.deletionPolicy() == DeletionPolicy.RETAIN);
    }

    private static boolean hasFinalizer(ExternalSecret es) {
        List<String> f = es.getMetadata().getFinalizers();
        return f != null && f.contains(Metadata.ACK_FINALIZER);
    }

    /**
     * Adds the finalizer with one merge patch from the cached copy; its resourceVersion makes it
     * conditional (409 if the list changed meanwhile), so no read is needed first.
     */
    private ExternalSecret addFinalizer(ExternalSecret es) {
        List<String> finalizers = new ArrayList<>(Optional.ofNullable(es.getMetadata().getFinalizers()).orElse(List.of()));
        finalizers.add(Metadata.ACK_FINALIZER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resourceVersion", es.getMetadata().getResourceVersion());
        metadata.put("finalizers", finalizers);
        // resource(es): the operation knows its object, so fabric8 does not read it from the server first.
        ExternalSecret result = client.resources(ExternalSecret.class).inNamespace(es.getMetadata().getNamespace())
                .resource(es)
                .patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(Map.of("metadata", metadata)));
        wrote(result);
        return result == null ? es : result;
    }

    private boolean ownedSecretExists(ExternalSecretTranslation t, String nsName) {
        int slash = t.target().indexOf('/');
        Secret s = secretInformer.getStore().getByKey(t.target());
        return s != null && s.getMetadata().getAnnotations() != null
                && (ES + nsName).equals(s.getMetadata().getAnnotations().get(Metadata.OWNER_ANNOTATION))
                && slash > 0;
    }

    /** The binding for a translation; entries whose secret failed and has no value are left out (partial failure). */
    Binding binding(String bindingId, ExternalSecretTranslation t) {
        Set<SourceRef> failed = new LinkedHashSet<>();
        for (SourceRef ref : t.refs()) {
            if (failedRefs.containsKey(ref)) {
                failed.add(ref);
            }
        }
        Binding.Builder b = Binding.builder(bindingId).target(t.target()).sink(sink);
        // Not polled (refreshPolicy OnChange/CreatedOnce, --disable-polling): fetched on change only.
        t.refreshInterval().ifPresentOrElse(b::refreshInterval, () -> b.polled(false));
        if (!failed.isEmpty() && failed.size() < t.refs().size() && t.mapping().template() == null) {
            try {
                PartialTransform partial = new PartialTransform(t.mapping(), failed, () -> heldData(t.target()));
                failed.forEach(ref -> retryLater(ref, t.refreshInterval().orElse(settings.pollingInterval())));
                return b.sources(partial.refs()).transform(partial).build();
            } catch (TransformException | IllegalArgumentException e) {
                // fall through: the whole mapping, which keeps the Secret as it is until every secret is there
            }
        }
        return b.sources(t.refs()).transform(t.transform()).build();
    }

    private Map<String, byte[]> heldData(String target) {
        Secret s = secretInformer.getStore().getByKey(target);
        Map<String, byte[]> data = new HashMap<>();
        if (s != null && s.getData() != null) {
            s.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        return data;
    }

    /** A secret left out of its bindings is retried once per interval, like a healthy one is refreshed. */
    private void retryLater(SourceRef ref, Duration interval) {
        if (!retrying.add(ref)) {
            return;
        }
        timers.schedule(() -> {
            retrying.remove(ref);
            SyncEngine e = engine;
            if (e == null || !failedRefs.containsKey(ref)) {
                return;
            }
            e.refreshNow(ref).whenComplete((status, error) -> {
                if (status != null && status.hasValue()) {
                    failedRefs.remove(ref);
                    usersOfRef(ref).forEach(k -> enqueue(null, ES + k));
                } else if (failedRefs.containsKey(ref)) {
                    retryLater(ref, interval);
                }
            });
        }, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String storeProblem(String namespace, ExternalSecretTranslation t) {
        for (String id : t.storeIds()) {
            if (ExternalSecretTranslator.CONTROLLER_STORE.equals(id) || StoreRefs.CONTROLLER_OOS_STORE.equals(id)) {
                if (defaultStore == null) {
                    return "entries without secretStoreRef need the controller's own credentials, and none are configured";
                }
                continue;
            }
            if (id.startsWith(CSS)) {
                if (!settings.processClusterSecretStore()) {
                    return "ClusterSecretStores are not processed (--process-cluster-secret-store=false)";
                }
                ClusterSecretStore css = cssInformer.getStore().getByKey(id.substring(CSS.length()));
                if (css == null) {
                    return id + " not found";
                }
                if (resolver != null) {
                    var decision = resolver.allows(css, namespace);
                    if (!decision.allowed()) {
                        return id + " does not allow namespace " + namespace + ": " + decision.reason();
                    }
                }
            } else if (ssInformer.getStore().getByKey(id.substring(SS.length())) == null) {
                return id + " not found";
            }
            StoreResolution r = storeStates.get(id);
            if (r == null) {
                return id + " is not resolved yet";
            }
            if (!r.ready()) {
                return id + " is not ready: " + r.reason() + (r.message() == null ? "" : " (" + r.message() + ")");
            }
        }
        return null;
    }

    private void finalizeExternalSecret(ExternalSecret es, String nsName) {
        List<String> finalizers = es.getMetadata().getFinalizers();
        if (finalizers == null || !finalizers.contains(Metadata.ACK_FINALIZER)) {
            drop(nsName);
            return;
        }
        SyncEngine e = engine;
        if (e != null) {
            e.remove(ES + nsName);
        }
        TargetOptions options;
        try {
            options = TargetOptions.forExternalSecret(es);
        } catch (IllegalArgumentException ex) {
            options = null;
        }
        String target = TargetOptions.targetOf(es);
        if (options != null) {
            sink.register(target, options);
            try {
                sink.release(target);
            } catch (SinkException ex) {
                statuses.event(es, "Warning", "DeleteFailed", "releasing Secret " + target + " failed: " + ex.getMessage());
                if (ex.isRetryable()) {
                    queue.addAfter(ES + nsName, 2000);
                    return;
                }
            }
            if (options.deletionPolicy() == DeletionPolicy.DELETE) {
                statuses.event(es, "Normal", "Deleted", "Secret " + target + " deleted (deletionPolicy Delete)");
            }
        }
        client.resources(ExternalSecret.class).inNamespace(es.getMetadata().getNamespace())
                .withName(es.getMetadata().getName()).edit(x -> {
                    List<String> f = new ArrayList<>(Optional.ofNullable(x.getMetadata().getFinalizers()).orElse(List.of()));
                    f.remove(Metadata.ACK_FINALIZER);
                    x.getMetadata().setFinalizers(f);
                    return x;
                });
        drop(nsName);
    }

    private void drop(String nsName) {
        SyncEngine e = engine;
        if (e != null) {
            e.remove(ES + nsName);
        }
        ExternalSecretTranslation gone = removeTranslation(nsName);
        if (gone != null) {
            gone.refs().stream().filter(ref -> usersOfRef(ref).isEmpty()).forEach(failedRefs::remove);
        }
        refreshSeen.remove(nsName);
        confirmed.remove(ES + nsName);
        storeProblems.remove(nsName);
        writeFailures.remove(ES + nsName);
        transformFailures.remove(ES + nsName);
        String target = registeredTargets.remove(nsName);
        if (target != null) {
            sink.unregister(target);
        }
    }

    private TemplateSources templateSources() {
        return new TemplateSources() {
            @Override
            public Optional<Map<String, String>> configMap(String namespace, String name) {
                // Read when a spec changes (not per cycle): ConfigMaps are not watched.
                ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
                return Optional.ofNullable(cm).map(c -> c.getData() == null ? Map.of() : c.getData());
            }

            @Override
            public Optional<Map<String, String>> secret(String namespace, String name) {
                Secret s = secretInformer.getStore().getByKey(namespace + "/" + name);
                if (s == null) {
                    return Optional.empty();
                }
                Map<String, String> data = new HashMap<>();
                if (s.getData() != null) {
                    s.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
                }
                return Optional.of(data);
            }
        };
    }

    // ---- engine events ----

    private void onSyncEvent(SyncEvent event) {
        if (event instanceof SyncEvent.FetchFailed f) {
            List<String> users = usersOfRef(f.ref());
            if (f.staleFor() == null && failedRefs.put(f.ref(), f.message()) == null) {
                users.forEach(k -> enqueue(null, ES + k)); // rebuild the bindings without it
            }
            for (String k : users) {
                ExternalSecret es = esInformer.getStore().getByKey(k);
                if (es != null) {
                    statuses.event(es, "Warning", f.kind() == FailureKind.NOT_FOUND ? "MissingProviderSecret"
                            : "ProviderError", f.message());
                }
                enqueue(null, STATUS + k);
            }
        } else if (event instanceof SyncEvent.SecretFetched f) {
            boolean wasFailed = failedRefs.remove(f.ref()) != null;
            for (String k : usersOfRef(f.ref())) {
                enqueue(null, (wasFailed ? ES : STATUS) + k);
            }
        } else if (event instanceof SyncEvent.TargetWritten w) {
            writeFailures.remove(w.bindingId());
            transformFailures.remove(w.bindingId());
            confirmed.add(w.bindingId()); // the engine wrote the Secret: its status may say Ready
            String k = w.bindingId().substring(ES.length());
            ExternalSecretTranslation t = translations.get(k);
            // CreatedOnce: written, so the reconcile retires its binding (status-only updates do not reconcile).
            enqueue(null, (t != null && ExternalSecretTranslator.CREATED_ONCE.equals(t.refreshPolicy()) ? ES : STATUS) + k);
        } else if (event instanceof SyncEvent.TargetUnchanged u) {
            writeFailures.remove(u.bindingId());
            if (!(u.decision() instanceof SyncDecision.KeepExisting keep
                    && keep.reason() == SyncDecision.Reason.SOURCE_UNAVAILABLE)) {
                confirmed.add(u.bindingId()); // the engine found the Secret in sync
            }
            String k = u.bindingId().substring(ES.length());
            // A transform that fails on the fetched data keeps the Secret, but must not read as synced.
            if (u.decision() instanceof SyncDecision.KeepExisting keep
                    && keep.reason() == SyncDecision.Reason.INVALID_INPUT) {
                String detail = keep.detail() == null ? "the fetched data does not fit the spec" : keep.detail();
                transformFailures.put(u.bindingId(), detail);
                ExternalSecret es = esInformer.getStore().getByKey(k);
                if (es != null) {
                    statuses.event(es, "Warning", InvalidSpecException.REASON, detail);
                }
            } else {
                transformFailures.remove(u.bindingId());
            }
            enqueue(null, STATUS + k);
        } else if (event instanceof SyncEvent.WriteFailed w) {
            String k = w.bindingId().substring(ES.length());
            writeFailures.put(w.bindingId(), w.message());
            ExternalSecret es = esInformer.getStore().getByKey(k);
            if (es != null) {
                statuses.event(es, "Warning", "UpdateFailed", w.message());
            }
            enqueue(null, STATUS + k);
        }
    }

    List<String> usersOfRef(SourceRef ref) {
        return refUsers.of(ref);
    }

    /** The ExternalSecrets writing {@code target} (more than one with the Merge creation policy). */
    List<String> usersOfTarget(String target) {
        return targetUsers.of(target);
    }

    private void putTranslation(String nsName, ExternalSecretTranslation t) {
        ExternalSecretTranslation old = translations.put(nsName, t);
        t.refs().forEach(ref -> refUsers.add(ref, nsName));
        targetUsers.add(t.target(), nsName);
        if (old != null) {
            old.refs().stream().filter(ref -> !t.refs().contains(ref)).forEach(ref -> refUsers.remove(ref, nsName));
            if (!old.target().equals(t.target())) {
                targetUsers.remove(old.target(), nsName);
            }
        }
    }

    private ExternalSecretTranslation removeTranslation(String nsName) {
        ExternalSecretTranslation gone = translations.remove(nsName);
        if (gone != null) {
            gone.refs().forEach(ref -> refUsers.remove(ref, nsName));
            targetUsers.remove(gone.target(), nsName);
        }
        return gone;
    }

    // ---- accessors for the helpers ----

    ControllerSettings settings() {
        return settings;
    }

    SyncEngine engine() {
        return engine;
    }

    KubernetesSecretSink sink() {
        return sink;
    }

    SharedIndexInformer<ExternalSecret> externalSecrets() {
        return esInformer;
    }

    SharedIndexInformer<ClusterExternalSecret> clusterExternalSecrets() {
        return cesInformer;
    }

    SharedIndexInformer<Secret> secrets() {
        return secretInformer;
    }

    SharedIndexInformer<Namespace> namespaces() {
        return nsInformer;
    }

    Optional<RefStatus> refStatus(SourceRef ref) {
        SyncEngine e = engine;
        return e == null ? Optional.empty() : e.status(ref);
    }

    boolean watched(String namespace) {
        if (namespace == null) {
            return true;
        }
        if (settings.excludeNamespaces().contains(namespace)) {
            return false;
        }
        return settings.watchNamespaces().isEmpty() || settings.watchNamespaces().contains(namespace);
    }

    private double maxStalenessSeconds() {
        SyncEngine e = engine;
        if (e == null) {
            return 0;
        }
        double max = 0;
        for (SourceRef ref : e.refs()) {
            Optional<RefStatus> s = e.status(ref);
            if (s.isPresent() && s.get().failure().isPresent() && s.get().staleness() != null) {
                max = Math.max(max, s.get().staleness().toMillis() / 1000.0);
            }
        }
        return max;
    }

    Instant now() {
        return clock.instant();
    }

    static String key(HasMetadata r) {
        return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
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
