package dev.secretsync.controller;

import dev.secretsync.controller.reconcile.WorkKey;
import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.ExternalSecret;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Which informer events reconcile what: the handlers put {@link WorkKey}s on the leader's queue and
 * return (a follower has no queue and ignores them). Every resource is enqueued when leadership
 * starts.
 */
final class ReconcileTriggers {

    private final Informers informers;
    private final ControllerSettings settings;
    private final Supplier<LeaderSession> session;

    /** @param session the leader's session, or {@code null} while not leading */
    ReconcileTriggers(Informers informers, ControllerSettings settings, Supplier<LeaderSession> session) {
        this.informers = informers;
        this.settings = settings;
        this.session = session;
    }

    /** Adds the handlers (before the informers start). */
    void register() {
        informers.externalSecrets().addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ExternalSecret es) {
                externalSecret(es);
            }

            @Override
            public void onUpdate(ExternalSecret old, ExternalSecret es) {
                // Our own status writes (and others' status-only changes) need no reconcile.
                if (!statusOnlyChange(old, es)) {
                    externalSecret(es);
                }
            }

            @Override
            public void onDelete(ExternalSecret es, boolean deletedFinalStateUnknown) {
                externalSecret(es);
            }
        });
        informers.secretStores().addEventHandler(handler(s -> enqueueIf(settings.watches(s.getMetadata().getNamespace()),
                WorkKey.Kind.SECRET_STORE, s)));
        informers.clusterSecretStores().addEventHandler(handler(s -> enqueueIf(settings.processClusterSecretStore(),
                WorkKey.Kind.CLUSTER_SECRET_STORE, s)));
        informers.clusterExternalSecrets().addEventHandler(handler(c -> enqueueIf(settings.processClusterExternalSecret(),
                WorkKey.Kind.CLUSTER_EXTERNAL_SECRET, c)));
        informers.secrets().addEventHandler(handler(this::secret));
        informers.serviceAccounts().addEventHandler(handler(sa -> credentials(sa.getMetadata().getNamespace())));
        informers.namespaces().addEventHandler(handler(this::namespace));
    }

    /** Every resource, stores first (when leadership starts). */
    void enqueueAll() {
        informers.secretStores().getStore().list().forEach(s -> enqueue(WorkKey.of(WorkKey.Kind.SECRET_STORE, s)));
        clusterSecretStores();
        clusterExternalSecrets();
        informers.externalSecrets().getStore().list().forEach(es -> enqueue(WorkKey.of(WorkKey.Kind.EXTERNAL_SECRET, es)));
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

    private void externalSecret(ExternalSecret es) {
        enqueueIf(settings.watches(es.getMetadata().getNamespace()), WorkKey.Kind.EXTERNAL_SECRET, es);
    }

    /** A managed Secret changed (drift, deletion): its binding syncs again from cached values, no KMS call. */
    private void secret(Secret secret) {
        Map<String, String> annotations = Optional.ofNullable(secret.getMetadata().getAnnotations()).orElse(Map.of());
        String managedBy = annotations.getOrDefault(Metadata.OWNER_ANNOTATION, annotations.get(Metadata.MERGED_BY_ANNOTATION));
        Optional<WorkKey> owner = WorkKey.ofBindingId(managedBy);
        if (owner.isEmpty()) {
            credentials(secret.getMetadata().getNamespace());
            return;
        }
        LeaderSession s = session.get();
        if (s != null) {
            s.resync(owner.get().bindingId());
        }
    }

    /** A Secret or ServiceAccount that stores may read changed: resolve the stores again (cached by version). */
    private void credentials(String namespace) {
        if (session.get() == null) {
            return;
        }
        informers.secretStores().getStore().list().stream()
                .filter(s -> namespace.equals(s.getMetadata().getNamespace()) || settings.enableCrossNamespaceAuthRef())
                .forEach(s -> enqueue(WorkKey.of(WorkKey.Kind.SECRET_STORE, s)));
        clusterSecretStores();
    }

    private void namespace(Namespace ns) {
        if (session.get() == null) {
            return;
        }
        clusterExternalSecrets();
        // ClusterSecretStore conditions may select by namespace labels.
        informers.externalSecrets().getStore().list().stream()
                .filter(es -> ns.getMetadata().getName().equals(es.getMetadata().getNamespace()))
                .forEach(es -> enqueue(WorkKey.of(WorkKey.Kind.EXTERNAL_SECRET, es)));
    }

    private void clusterSecretStores() {
        if (settings.processClusterSecretStore()) {
            informers.clusterSecretStores().getStore().list()
                    .forEach(s -> enqueue(WorkKey.of(WorkKey.Kind.CLUSTER_SECRET_STORE, s)));
        }
    }

    private void clusterExternalSecrets() {
        if (settings.processClusterExternalSecret()) {
            informers.clusterExternalSecrets().getStore().list()
                    .forEach(c -> enqueue(WorkKey.of(WorkKey.Kind.CLUSTER_EXTERNAL_SECRET, c)));
        }
    }

    private void enqueueIf(boolean served, WorkKey.Kind kind, HasMetadata resource) {
        if (served) {
            enqueue(WorkKey.of(kind, resource));
        }
    }

    private void enqueue(WorkKey key) {
        LeaderSession s = session.get();
        if (s != null) {
            s.queue.add(key);
        }
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> onAny) {
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
}
