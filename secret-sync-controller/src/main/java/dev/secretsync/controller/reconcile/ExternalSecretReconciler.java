package dev.secretsync.controller.reconcile;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.controller.status.ExternalSecretStatuses;
import dev.secretsync.controller.status.SyncState;
import dev.secretsync.controller.translate.ExternalSecretTranslation;
import dev.secretsync.controller.translate.ExternalSecretTranslator;
import dev.secretsync.controller.translate.InvalidSpecException;
import dev.secretsync.controller.translate.TemplateSources;
import dev.secretsync.core.SyncDecision;
import dev.secretsync.core.engine.Binding;
import dev.secretsync.core.engine.SyncEngine;
import dev.secretsync.core.event.SyncEvent;
import dev.secretsync.core.event.SyncListener;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SinkException;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.OwnWrites;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretStatus;
import dev.secretsync.k8s.model.RolloutRestartTarget;
import dev.secretsync.k8s.sink.CreationPolicy;
import dev.secretsync.k8s.sink.DeletionPolicy;
import dev.secretsync.k8s.sink.TargetOptions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ExternalSecrets. One pass per resource, from the informer cache: translate it (again only when it
 * changed), add the finalizer its deletion needs, check its stores, register its Secret with the
 * writer and its binding with the engine, and write the status this computes, once and only if it
 * changed. On deletion it applies the deletion policy and removes the finalizer. Engine events
 * ({@link #onEvent}) update the resource's sync state, record warnings and bring it back here.
 */
public final class ExternalSecretReconciler implements SyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalSecretReconciler.class);
    /** How long a write the controller made stands in for an informer that has not caught up. */
    private static final Duration OWN_WRITES_GRACE = Duration.ofSeconds(30);

    private final KubeApi api;
    private final Caches caches;
    private final ControllerSettings settings;
    private final Clock clock;
    private final Enqueue queue;
    private final SyncEngine engine;
    private final SecretTargets targets;
    private final StoreRegistry stores;
    private final ExternalSecretTranslator translator;
    private final SyncStates states = new SyncStates();
    private final EventRecorder events;
    private final OwnWrites<ExternalSecret> ownWrites;

    public ExternalSecretReconciler(KubeApi api, Caches caches, ControllerSettings settings, Clock clock, Enqueue queue,
                                    SyncEngine engine, SecretTargets targets, StoreRegistry stores) {
        this.api = api;
        this.caches = caches;
        this.settings = settings;
        this.clock = clock;
        this.queue = queue;
        this.engine = engine;
        this.targets = targets;
        this.stores = stores;
        this.translator = new ExternalSecretTranslator(settings);
        this.events = new EventRecorder(api, clock);
        this.ownWrites = new OwnWrites<>(clock, OWN_WRITES_GRACE);
    }

    public void reconcile(WorkKey key) {
        ExternalSecret es = ownWrites.newest(key.cacheKey(), caches.externalSecrets().getByKey(key.cacheKey()));
        if (es == null || !settings.watches(key.namespace())) {
            forget(key);
            return;
        }
        if (es.getMetadata().getDeletionTimestamp() != null) {
            finalizeDeletion(key, es);
            return;
        }
        SyncState state = states.get(key);
        ExternalSecretTranslation t = state.translation();
        if (t == null || !Objects.equals(state.translatedFrom(), es.getMetadata().getResourceVersion())) {
            try {
                t = translator.translate(es, templateSources());
            } catch (InvalidSpecException e) {
                drop(key);
                fail(key, es, ExternalSecretStatuses.INVALID_SPEC, e.getMessage());
                return;
            }
        }
        ExternalSecretTranslation translation = t;
        String translatedFrom = es.getMetadata().getResourceVersion();
        if (needsFinalizer(t.targetOptions()) && !hasFinalizer(es)) {
            es = addFinalizer(key, es);
            translatedFrom = es.getMetadata().getResourceVersion(); // only the finalizer changed
        }
        String from = translatedFrom;
        String problem = stores.problem(key.namespace(), t);
        if (problem == null) {
            try {
                stores.putEndpointStores(t.endpointStores());
            } catch (IllegalArgumentException e) {
                drop(key);
                fail(key, es, ExternalSecretStatuses.INVALID_SPEC, "spec.data[].kmsEndpoint: " + e.getMessage());
                return;
            }
        }
        String bindingId = key.bindingId();
        if (problem != null) {
            engine.remove(bindingId);
            states.update(key, s -> s.withTranslation(translation, from).withBound(false, true));
            fail(key, es, ExternalSecretStatuses.STORE_NOT_READY, problem);
            return;
        }
        // Bound to this very translation already (an engine event or a store brought it here): the
        // target, the binding and the refresh request are as they were, only the status may move.
        boolean settled = translation == state.translation() && state.bound() && translation.target().equals(state.target())
                && !ExternalSecretTranslator.CREATED_ONCE.equals(translation.refreshPolicy());
        writeStatus(key, es, settled ? state : bind(key, es, state, translation, from));
    }

    /** Registers the target and the binding of a translation (or retires a CreatedOnce one); returns the new state. */
    private SyncState bind(WorkKey key, ExternalSecret es, SyncState state, ExternalSecretTranslation t, String from) {
        String bindingId = key.bindingId();
        if (state.target() != null && !state.target().equals(t.target())) {
            targets.unregister(state.target());
        }
        targets.register(t.target(), t.targetOptions());
        Binding binding = binding(key, t);
        boolean bindingChanged = !engine.binding(bindingId).map(binding::equals).orElse(false);
        if (ExternalSecretTranslator.CREATED_ONCE.equals(t.refreshPolicy()) && ownedSecretExists(key, t)) {
            engine.remove(bindingId); // written once; never refreshed again
            return states.update(key, s -> s.withTranslation(t, from).withTarget(t.target()).withBound(false, bindingChanged));
        }
        String requested = Optional.ofNullable(es.getMetadata().getAnnotations())
                .map(a -> a.get(Metadata.REFRESH_REQUESTED_ANNOTATION)).orElse("");
        String seen = state.refreshSeen();
        // Recorded before the engine has the binding: its events find the state they belong to.
        SyncState next = states.update(key, s -> s.withTranslation(t, from).withTarget(t.target())
                .withBound(true, bindingChanged).withRefreshSeen(requested));
        engine.upsert(binding);
        if (!requested.isEmpty() && seen != null && !seen.equals(requested)) {
            LOG.info("refresh requested for ExternalSecret {}", key.cacheKey());
            engine.refreshNow(bindingId);
        }
        return next;
    }

    /**
     * Whether deleting the ExternalSecret has to do something to its Secret, which needs the
     * finalizer: remove the owner reference (Retain) or the Secret or merged keys (Delete). With
     * Orphan and Retain there is nothing to do, so no finalizer (and no write to add it).
     */
    static boolean needsFinalizer(TargetOptions options) {
        return !(options.creationPolicy() == CreationPolicy.ORPHAN && options.deletionPolicy() == DeletionPolicy.RETAIN);
    }

    /** The ExternalSecrets reading from store {@code storeId}. */
    public List<WorkKey> usersOfStore(String storeId) {
        return states.usersOfStore(storeId);
    }

    /** What the engine did: the sync state of the resources concerned, warnings, and a reconcile for each. */
    @Override
    public void onEvent(SyncEvent event) {
        if (event instanceof SyncEvent.FetchFailed f) {
            String reason = f.kind() == FailureKind.NOT_FOUND ? "MissingProviderSecret" : ExternalSecretStatuses.PROVIDER_ERROR;
            for (WorkKey key : states.usersOfRef(f.ref())) {
                cached(key).ifPresent(es -> events.record(es, EventRecorder.WARNING, reason, f.message()));
                queue.add(key);
            }
        } else if (event instanceof SyncEvent.SecretFetched f) {
            states.usersOfRef(f.ref()).forEach(queue::add);
        } else if (event instanceof SyncEvent.TargetWritten w) {
            synced(w.bindingId(), w.target(), event);
        } else if (event instanceof SyncEvent.TargetUnchanged u) {
            synced(u.bindingId(), u.target(), event);
            if (u.decision() instanceof SyncDecision.KeepExisting keep && keep.reason() == SyncDecision.Reason.INVALID_INPUT) {
                String detail = keep.detail() == null ? "the fetched data does not fit the spec" : keep.detail();
                WorkKey.ofBindingId(u.bindingId()).flatMap(this::cached).ifPresent(es ->
                        events.record(es, EventRecorder.WARNING, ExternalSecretStatuses.INVALID_SPEC, detail));
            }
        } else if (event instanceof SyncEvent.WriteFailed w) {
            synced(w.bindingId(), w.target(), event);
            WorkKey.ofBindingId(w.bindingId()).flatMap(this::cached).ifPresent(es ->
                    events.record(es, EventRecorder.WARNING, "UpdateFailed", w.message()));
        }
    }

    /** The writer created or changed {@code target}: an event, and rollout restarts when an existing Secret changed. */
    public void onWritten(String target, boolean created) {
        for (WorkKey key : states.usersOfTarget(target)) {
            ExternalSecretTranslation t = states.get(key).translation();
            Optional<ExternalSecret> es = cached(key);
            if (t == null || !t.target().equals(target) || es.isEmpty()) {
                continue;
            }
            events.record(es.get(), EventRecorder.NORMAL, created ? "Created" : "Updated",
                    "Secret " + target + (created ? " created" : " updated"));
            if (!created) {
                t.rolloutRestart().forEach(r -> restart(es.get(), r));
            }
        }
    }

    private void synced(String bindingId, String target, SyncEvent event) {
        WorkKey.ofBindingId(bindingId).ifPresent(key -> {
            states.updateIfPresent(key, s -> target.equals(s.target()) ? s.withLastSync(event) : s);
            queue.add(key);
        });
    }

    private Optional<ExternalSecret> cached(WorkKey key) {
        return Optional.ofNullable(caches.externalSecrets().getByKey(key.cacheKey()));
    }

    private Binding binding(WorkKey key, ExternalSecretTranslation t) {
        Binding.Builder b = Binding.builder(key.bindingId()).target(t.target()).sink(targets.sink());
        // Not polled (refreshPolicy OnChange/CreatedOnce, --disable-polling): fetched on change only.
        t.refreshInterval().ifPresentOrElse(b::refreshInterval, () -> b.polled(false));
        // A secret that cannot be fetched is the engine's to handle: without a template the mapping
        // does without it and its keys keep their values (partial failure).
        return b.sources(t.refs()).transform(t.transform()).build();
    }

    private void writeStatus(WorkKey key, ExternalSecret es, SyncState state) {
        ExternalSecretStatuses.of(es, state, engine::status, clock).ifPresent(computed -> {
            if (computed.everySecretFailed()) {
                cleanUpAfterTotalFailure(key, es, state.translation());
            }
            write(key, es, computed.status());
        });
    }

    /** Ready=False with {@code reason}, and a warning event. */
    private void fail(WorkKey key, ExternalSecret es, String reason, String message) {
        write(key, es, ExternalSecretStatuses.failed(es, reason, message, clock));
        events.record(es, EventRecorder.WARNING, reason, message);
    }

    /** Writes the status if it changed, from the newest copy; our own write changes no input of the translation. */
    private void write(WorkKey key, ExternalSecret es, ExternalSecretStatus next) {
        if (Objects.equals(es.getStatus(), next)) {
            return;
        }
        ExternalSecret result = api.updateStatus(es, next);
        ownWrites.wrote(key.cacheKey(), result, false);
        if (result != null && result.getMetadata() != null) {
            String before = es.getMetadata().getResourceVersion();
            states.updateIfPresent(key, s -> Objects.equals(s.translatedFrom(), before)
                    ? s.withTranslatedFrom(result.getMetadata().getResourceVersion()) : s);
        }
    }

    private static boolean hasFinalizer(ExternalSecret es) {
        List<String> f = es.getMetadata().getFinalizers();
        return f != null && f.contains(Metadata.ACK_FINALIZER);
    }

    /** One merge patch from the cached copy; its resourceVersion makes it conditional, so no read is needed first. */
    private ExternalSecret addFinalizer(WorkKey key, ExternalSecret es) {
        List<String> finalizers = new ArrayList<>(Optional.ofNullable(es.getMetadata().getFinalizers()).orElse(List.of()));
        finalizers.add(Metadata.ACK_FINALIZER);
        ExternalSecret result = api.patchFinalizers(es, finalizers);
        ownWrites.wrote(key.cacheKey(), result, false);
        return result == null ? es : result;
    }

    private void finalizeDeletion(WorkKey key, ExternalSecret es) {
        if (!hasFinalizer(es)) {
            drop(key);
            return;
        }
        engine.remove(key.bindingId());
        TargetOptions options;
        try {
            options = TargetOptions.forExternalSecret(es);
        } catch (IllegalArgumentException e) {
            options = null;
        }
        String target = TargetOptions.targetOf(es);
        if (options != null) {
            targets.register(target, options);
            try {
                targets.release(target);
            } catch (SinkException e) {
                events.record(es, EventRecorder.WARNING, "DeleteFailed", "releasing Secret " + target + " failed: " + e.getMessage());
                if (e.isRetryable()) {
                    queue.addAfter(key, Duration.ofSeconds(2));
                    return;
                }
            }
            if (options.deletionPolicy() == DeletionPolicy.DELETE) {
                events.record(es, EventRecorder.NORMAL, "Deleted", "Secret " + target + " deleted (deletionPolicy Delete)");
            }
        }
        api.removeFinalizer(es, Metadata.ACK_FINALIZER);
        drop(key);
    }

    private boolean ownedSecretExists(WorkKey key, ExternalSecretTranslation t) {
        Secret s = caches.secrets().getByKey(t.target());
        return s != null && s.getMetadata().getAnnotations() != null
                && key.bindingId().equals(s.getMetadata().getAnnotations().get(Metadata.OWNER_ANNOTATION));
    }

    /** {@code --cleanup-secret-on-failure}: every secret failed, so the Secret this resource manages goes. */
    private void cleanUpAfterTotalFailure(WorkKey key, ExternalSecret es, ExternalSecretTranslation t) {
        if (!settings.cleanupSecretOnFailure() || !ownedSecretExists(key, t)) {
            return;
        }
        int slash = t.target().indexOf('/');
        api.deleteSecret(t.target().substring(0, slash), t.target().substring(slash + 1));
        events.record(es, EventRecorder.WARNING, "Deleted",
                "Secret " + t.target() + " deleted: every secret failed (--cleanup-secret-on-failure)");
    }

    private void restart(ExternalSecret es, RolloutRestartTarget r) {
        String what = r.getKind() + " " + r.getName();
        try {
            api.restartRollout(es.getMetadata().getNamespace(), r, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
            events.record(es, EventRecorder.NORMAL, "RolloutRestarted", what + " restarted");
        } catch (KubernetesClientException e) {
            events.record(es, EventRecorder.WARNING, "RolloutRestartFailed", what + " could not be restarted: HTTP " + e.getCode());
        } catch (RuntimeException e) {
            events.record(es, EventRecorder.WARNING, "RolloutRestartFailed", what + " could not be restarted: "
                    + e.getClass().getSimpleName());
        }
    }

    /** Stops syncing the resource: no binding, no target; it keeps its Secret and its own writes. */
    private void drop(WorkKey key) {
        engine.remove(key.bindingId());
        SyncState gone = states.remove(key);
        if (gone.target() != null) {
            targets.unregister(gone.target());
        }
    }

    /** The resource is gone (or no longer served): nothing of it is kept. */
    private void forget(WorkKey key) {
        drop(key);
        ownWrites.forget(key.cacheKey());
        events.forget(key);
    }

    /** templateFrom: ConfigMaps from the API (read when the resource changes, not per cycle), Secrets from the cache. */
    private TemplateSources templateSources() {
        return new TemplateSources() {
            @Override
            public Optional<Map<String, String>> configMap(String namespace, String name) {
                return api.configMap(namespace, name);
            }

            @Override
            public Optional<Map<String, String>> secret(String namespace, String name) {
                Secret s = caches.secrets().getByKey(namespace + "/" + name);
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
}
