package dev.secretsync.controller;

import dev.secretsync.controller.translate.ExternalSecretTranslation;
import dev.secretsync.controller.translate.InvalidSpecException;
import dev.secretsync.core.engine.RefStatus;
import dev.secretsync.core.SourceRef;
import dev.secretsync.transform.DataEntry;
import dev.secretsync.transform.DataProcess;
import dev.secretsync.k8s.Conditions;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.DataSyncResult;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretStatus;
import dev.secretsync.k8s.model.RolloutRestartTarget;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ExternalSecret status ({@code Ready} condition, {@code dataSyncResults}), Kubernetes events
 * and rollout restarts. Status is written only when it changed, so an unchanged cycle writes
 * nothing. Messages name secrets, stores and keys, never values.
 */
final class Statuses {

    private static final Logger LOG = LoggerFactory.getLogger(Statuses.class);

    static final String SYNCED = "SecretSynced";
    static final String SYNC_ERROR = "SecretSyncedError";
    static final String PROVIDER_ERROR = "ProviderError";
    static final String STORE_NOT_READY = "StoreNotReady";

    private final Controller controller;
    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, String> lastWarning = new ConcurrentHashMap<>();
    private final AtomicLong eventSeq = new AtomicLong();
    /** Status writes of one ExternalSecret are serialized (its ES and Status keys reconcile on different workers). */
    private final Object[] locks = new Object[64];

    Statuses(Controller controller, KubernetesClient client, Clock clock) {
        this.controller = controller;
        this.client = client;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    private Object lockOf(String nsName) {
        return locks[Math.floorMod(nsName.hashCode(), locks.length)];
    }

    /** Recomputes the status of an ExternalSecret from what the engine knows; writes it if it changed. */
    void update(String nsName) {
        synchronized (lockOf(nsName)) {
            updateLocked(nsName);
        }
    }

    private void updateLocked(String nsName) {
        ExternalSecret es = controller.current(nsName);
        ExternalSecretTranslation t = controller.translations.get(nsName);
        if (es == null || t == null || es.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String storeProblem = controller.storeProblems.get(nsName);
        if (storeProblem != null) {
            // Not synced while a store is missing or not ready, even if a shared secret was fetched for others.
            write(es, failedStatus(es, STORE_NOT_READY, storeProblem));
            return;
        }
        ExternalSecretStatus previous = es.getStatus();
        List<DataSyncResult> results = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        int withValue = 0;
        for (SourceRef ref : entryRefs(t)) {
            Optional<RefStatus> s = controller.refStatus(ref);
            boolean hasValue = s.map(RefStatus::hasValue).orElse(false);
            String failure = s.flatMap(RefStatus::failure).isPresent() ? s.get().lastFailureMessage() : null;
            String state;
            if (hasValue && failure == null) {
                state = "Succeeded";
                withValue++;
            } else if (hasValue) {
                state = "Warning"; // serving the last good value
                withValue++;
            } else if (failure != null) {
                state = "Failed";
                failing.add(ref.name());
            } else {
                state = null; // not fetched yet
            }
            if (state != null) {
                results.add(result(previous, ref.name(), state, failure == null ? "" : failure));
            }
        }
        List<SourceRef> refs = t.refs();
        String writeFailure = controller.writeFailures.get(Controller.ES + nsName);
        boolean ready;
        String reason;
        String message;
        String transformFailure = controller.transformFailures.get(Controller.ES + nsName);
        if (writeFailure != null) {
            ready = false;
            reason = SYNC_ERROR;
            message = writeFailure;
        } else if (transformFailure != null) {
            ready = false;
            reason = InvalidSpecException.REASON;
            message = transformFailure + "; the Secret keeps its content";
        } else if (!failing.isEmpty() && withValue == 0) {
            ready = false;
            reason = PROVIDER_ERROR;
            message = "no secret could be fetched: " + String.join(", ", failing);
            cleanupOnFailure(es, t);
        } else if (!failing.isEmpty()) {
            ready = false;
            reason = PROVIDER_ERROR;
            message = "failed: " + String.join(", ", failing) + "; their keys keep their old values";
        } else if (withValue > 0 && results.size() == entryRefs(t).size()) {
            if (!controller.confirmed.contains(Controller.ES + nsName)
                    && controller.engine() != null && controller.engine().binding(Controller.ES + nsName).isPresent()) {
                return; // fetched, but the Secret is not written (or checked) yet: Ready says it is there
            }
            ready = true;
            reason = SYNCED;
            message = "Secret " + t.target() + " is in sync";
        } else if (refs.isEmpty() || controller.engine() == null || controller.engine().binding(Controller.ES + nsName).isEmpty()) {
            ready = true;
            reason = SYNCED;
            message = "Secret " + t.target() + " was created once (refreshPolicy CreatedOnce)";
        } else {
            return; // still fetching
        }
        ExternalSecretStatus next = new ExternalSecretStatus();
        next.setDataSyncResults(results);
        next.setConditions(Conditions.set(previous == null ? null : previous.getConditions(), Conditions.READY, ready,
                reason, message, es.getMetadata().getGeneration(), clock));
        write(es, next);
    }

    /** Sets Ready=False with {@code reason}, keeps the per-key results, and records a warning event. */
    void failed(ExternalSecret given, String reason, String message) {
        String nsName = Controller.key(given);
        synchronized (lockOf(nsName)) {
            ExternalSecret fresh = controller.current(nsName);
            ExternalSecret es = fresh != null && Objects.equals(fresh.getMetadata().getUid(), given.getMetadata().getUid())
                    ? fresh : given;
            failedLocked(es, reason, message);
        }
    }

    private void failedLocked(ExternalSecret es, String reason, String message) {
        write(es, failedStatus(es, reason, message));
        event(es, "Warning", reason, message);
    }

    /** Ready=False with {@code reason}; the per-key results stay as they were. */
    private ExternalSecretStatus failedStatus(ExternalSecret es, String reason, String message) {
        ExternalSecretStatus previous = es.getStatus();
        ExternalSecretStatus next = new ExternalSecretStatus();
        next.setDataSyncResults(previous == null ? null : previous.getDataSyncResults());
        next.setConditions(Conditions.set(previous == null ? null : previous.getConditions(), Conditions.READY, false,
                reason, message, es.getMetadata().getGeneration(), clock));
        return next;
    }

    /** The sink wrote a Secret: an event, and rollout restarts when an existing Secret changed. */
    void written(String target, boolean created) {
        controller.usersOfTarget(target).forEach(nsName -> {
            ExternalSecretTranslation t = controller.translations.get(nsName);
            if (t == null || !t.target().equals(target)) {
                return;
            }
            ExternalSecret es = controller.externalSecrets().getStore().getByKey(nsName);
            if (es == null) {
                return;
            }
            event(es, "Normal", created ? "Created" : "Updated", "Secret " + target + (created ? " created" : " updated"));
            if (!created) {
                t.rolloutRestart().forEach(r -> restart(es, r));
            }
        });
    }

    void event(ExternalSecret es, String type, String reason, String message) {
        String nsName = Controller.key(es);
        String text = message == null ? "" : message;
        if ("Warning".equals(type)) {
            String last = lastWarning.put(nsName, reason + "|" + text);
            if ((reason + "|" + text).equals(last)) {
                return; // the same failure again: one event is enough
            }
        } else {
            lastWarning.remove(nsName);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(es.getMetadata().getNamespace())
                .withName(es.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli()) + "."
                        + eventSeq.incrementAndGet())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(es.getApiVersion()).withKind("ExternalSecret")
                        .withNamespace(es.getMetadata().getNamespace()).withName(es.getMetadata().getName())
                        .withUid(es.getMetadata().getUid()).build())
                .withType(type)
                .withReason(reason)
                .withMessage(text.length() > 1000 ? text.substring(0, 1000) : text)
                .withFirstTimestamp(now.toString())
                .withLastTimestamp(now.toString())
                .withCount(1)
                .withReportingComponent("secret-sync-controller")
                .withNewSource().withComponent("secret-sync-controller").endSource()
                .build();
        try {
            client.v1().events().inNamespace(es.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn("recording event {} for ExternalSecret {} failed with HTTP {}", reason, nsName, e.getCode());
        }
        LOG.info("ExternalSecret {}: {} {}", nsName, reason, text);
    }

    private void restart(ExternalSecret es, RolloutRestartTarget r) {
        String ns = es.getMetadata().getNamespace();
        String at = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        UnaryOperator<PodTemplateSpec> stamp = template -> {
            if (template.getMetadata() == null) {
                template.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
            }
            Map<String, String> a = new HashMap<>(Optional.ofNullable(template.getMetadata().getAnnotations()).orElse(Map.of()));
            a.put(Controller.RESTARTED_AT_ANNOTATION, at);
            template.getMetadata().setAnnotations(a);
            return template;
        };
        try {
            switch (r.getKind()) {
                case "Deployment" -> client.apps().deployments().inNamespace(ns).withName(r.getName())
                        .edit((Deployment d) -> {
                            stamp.apply(d.getSpec().getTemplate());
                            return d;
                        });
                case "StatefulSet" -> client.apps().statefulSets().inNamespace(ns).withName(r.getName())
                        .edit((StatefulSet d) -> {
                            stamp.apply(d.getSpec().getTemplate());
                            return d;
                        });
                case "DaemonSet" -> client.apps().daemonSets().inNamespace(ns).withName(r.getName())
                        .edit((DaemonSet d) -> {
                            stamp.apply(d.getSpec().getTemplate());
                            return d;
                        });
                default -> throw new IllegalStateException("unexpected kind " + r.getKind());
            }
            event(es, "Normal", "RolloutRestarted", r.getKind() + " " + r.getName() + " restarted");
        } catch (KubernetesClientException e) {
            event(es, "Warning", "RolloutRestartFailed", r.getKind() + " " + r.getName() + " could not be restarted: HTTP "
                    + e.getCode());
        } catch (RuntimeException e) {
            event(es, "Warning", "RolloutRestartFailed", r.getKind() + " " + r.getName() + " could not be restarted: "
                    + e.getClass().getSimpleName());
        }
    }

    /** {@code --cleanup-secret-on-failure}: every secret failed, so the Secret this resource manages goes. */
    private void cleanupOnFailure(ExternalSecret es, ExternalSecretTranslation t) {
        if (!controller.settings().cleanupSecretOnFailure()) {
            return;
        }
        Secret s = controller.secrets().getStore().getByKey(t.target());
        if (s == null || s.getMetadata().getAnnotations() == null
                || !(Controller.ES + Controller.key(es)).equals(s.getMetadata().getAnnotations().get(Metadata.OWNER_ANNOTATION))) {
            return;
        }
        int slash = t.target().indexOf('/');
        client.secrets().inNamespace(t.target().substring(0, slash)).withName(t.target().substring(slash + 1)).delete();
        event(es, "Warning", "Deleted", "Secret " + t.target() + " deleted: every secret failed (--cleanup-secret-on-failure)");
    }

    private void write(ExternalSecret es, ExternalSecretStatus next) {
        if (Objects.equals(es.getStatus(), next)) {
            return;
        }
        ExternalSecret copy = client.getKubernetesSerialization().clone(es);
        copy.setStatus(next);
        controller.wrote(client.resources(ExternalSecret.class).inNamespace(es.getMetadata().getNamespace())
                .resource(copy).updateStatus());
    }

    private DataSyncResult result(ExternalSecretStatus previous, String key, String state, String reason) {
        DataSyncResult r = new DataSyncResult();
        r.setExternalSecretKey(key);
        r.setStatus(state);
        r.setReason(reason);
        String time = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        if (previous != null && previous.getDataSyncResults() != null) {
            for (DataSyncResult old : previous.getDataSyncResults()) {
                if (key.equals(old.getExternalSecretKey()) && state.equals(old.getStatus())
                        && Objects.equals(reason, old.getReason()) && old.getSynchronizationTime() != null) {
                    time = old.getSynchronizationTime(); // unchanged: no write
                }
            }
        }
        r.setSynchronizationTime(time);
        return r;
    }

    /** One reference per data and dataProcess entry, in order (an entry may repeat a reference). */
    private static List<SourceRef> entryRefs(ExternalSecretTranslation t) {
        List<SourceRef> refs = new ArrayList<>();
        t.mapping().data().stream().map(DataEntry::source).forEach(refs::add);
        t.mapping().dataProcess().stream().map(DataProcess::extract).forEach(refs::add);
        return refs;
    }
}
