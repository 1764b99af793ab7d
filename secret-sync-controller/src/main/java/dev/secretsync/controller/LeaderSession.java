package dev.secretsync.controller;

import dev.secretsync.controller.reconcile.Caches;
import dev.secretsync.controller.reconcile.ClientKubeApi;
import dev.secretsync.controller.reconcile.ClusterExternalSecretReconciler;
import dev.secretsync.controller.reconcile.ControllerStores;
import dev.secretsync.controller.reconcile.Enqueue;
import dev.secretsync.controller.reconcile.ExternalSecretReconciler;
import dev.secretsync.controller.reconcile.KubeApi;
import dev.secretsync.controller.reconcile.SecretTargets;
import dev.secretsync.controller.reconcile.StoreReconciler;
import dev.secretsync.controller.reconcile.StoreRegistry;
import dev.secretsync.controller.reconcile.WorkKey;
import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.core.RateLimitPolicy;
import dev.secretsync.core.engine.SyncEngine;
import dev.secretsync.core.event.SyncListener;
import dev.secretsync.k8s.sink.KubernetesSecretSink;
import dev.secretsync.k8s.sink.SecretCache;
import dev.secretsync.k8s.store.KubeAccess;
import dev.secretsync.k8s.store.StoreResolver;
import dev.secretsync.kms.KmsSecretSource;
import dev.secretsync.kms.KmsStoreConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Everything the leader owns, made when it gains leadership and closed whole when it loses it: the
 * work queue, the KMS source and its stores, the engine, the Secret writer and the reconcilers with
 * their state. A follower has none of it.
 */
final class LeaderSession implements AutoCloseable {

    final WorkQueue<WorkKey> queue;
    final SyncEngine engine;
    final ExternalSecretReconciler externalSecrets;
    final StoreReconciler stores;
    final ClusterExternalSecretReconciler clusterExternalSecrets;
    private final KmsSecretSource source = new KmsSecretSource();

    /** @param dispatch reconciles one key (on the queue's workers) */
    LeaderSession(KubernetesClient client, Informers informers, ControllerSettings settings, Clock clock,
                  ControllerStores controllerStores, UnaryOperator<KmsStoreConfig.Builder> storeCustomizer,
                  SyncListener metrics, Consumer<WorkKey> dispatch) {
        this.queue = new WorkQueue<>(settings.reconcileCount(), dispatch);
        Enqueue enqueue = (key, delay) -> {
            if (delay.isZero()) {
                queue.add(key);
            } else {
                queue.addAfter(key, delay.toMillis());
            }
        };
        this.engine = SyncEngine.builder(source)
                .clock(clock)
                .refreshInterval(settings.pollingInterval())
                .jitter(settings.jitter())
                .polling(!settings.disablePolling())
                .rateLimit(RateLimitPolicy.perSecond(settings.maxKmsPullsPerSecond()))
                .rateLimits(store -> source.service(store).filter(s -> s == KmsStoreConfig.Service.OOS)
                        .map(s -> RateLimitPolicy.perSecond(settings.maxOosPullsPerSecond())).orElse(null))
                .listener(metrics)
                .build();
        Caches caches = informers.caches();
        KubeApi api = new ClientKubeApi(client, clock);
        StoreRegistry registry = new StoreRegistry(source, resolver(client, informers, settings, controllerStores,
                storeCustomizer), controllerStores, caches, settings);
        KubernetesSecretSink sink = KubernetesSecretSink.builder(client, SecretCache.of(informers.secrets())).clock(clock)
                .listener(this::written).build();
        this.externalSecrets = new ExternalSecretReconciler(api, caches, settings, clock, enqueue, engine,
                SecretTargets.of(sink), registry);
        engine.addListener(externalSecrets);
        this.stores = new StoreReconciler(api, caches, settings, registry, externalSecrets::usersOfStore, enqueue);
        this.clusterExternalSecrets = new ClusterExternalSecretReconciler(api, caches, settings, clock);
    }

    /** Resolves stores over the informers; {@code null} without a region (every store then fails to resolve). */
    private static StoreResolver resolver(KubernetesClient client, Informers informers, ControllerSettings settings,
                                          ControllerStores controllerStores,
                                          UnaryOperator<KmsStoreConfig.Builder> storeCustomizer) {
        String region = settings.region().or(controllerStores::region).orElse(null);
        if (region == null) {
            return null;
        }
        // Stores sign in with their own chain only: the controller's credentials are never lent to them.
        StoreResolver.Builder b = StoreResolver.builder(KubeAccess.of(client, informers.secrets(),
                        informers.serviceAccounts(), informers.namespaces()))
                .region(region)
                .allowCrossNamespaceRefs(settings.enableCrossNamespaceAuthRef())
                .cluster(settings.clusterId().orElse(null), settings.uid().orElse(null))
                .enableWorkerRole(settings.enableWorkerRole())
                .customize(storeCustomizer);
        settings.kmsEndpoint().ifPresent(b::endpoint); // --kms-endpoint: stores that name no endpoint
        return b.build();
    }

    /** The writer created or changed a Secret; it writes only for bindings, so never before the reconciler is there. */
    private void written(String target, boolean created) {
        externalSecrets.onWritten(target, created);
    }

    /** A managed Secret changed (drift, deletion): sync its binding again from cached values, no KMS call. */
    void resync(String bindingId) {
        if (engine.binding(bindingId).isPresent()) {
            engine.resync(bindingId);
        }
    }

    @Override
    public void close() {
        queue.close();
        engine.close();
        source.close();
    }
}
