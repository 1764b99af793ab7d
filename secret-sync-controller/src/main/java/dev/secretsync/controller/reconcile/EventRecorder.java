package dev.secretsync.controller.reconcile;

import dev.secretsync.k8s.model.ExternalSecret;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes events on ExternalSecrets, each also logged. A warning repeated (same reason and
 * message as the resource's last one) is recorded once. Messages never carry secret values; a
 * failed event write is logged, never thrown.
 */
final class EventRecorder {

    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final KubeApi api;
    private final Clock clock;
    private final Map<WorkKey, String> lastWarning = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    EventRecorder(KubeApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    void record(ExternalSecret es, String type, String reason, String message) {
        WorkKey key = WorkKey.of(WorkKey.Kind.EXTERNAL_SECRET, es);
        String text = message == null ? "" : message;
        if (WARNING.equals(type)) {
            if ((reason + "|" + text).equals(lastWarning.put(key, reason + "|" + text))) {
                return; // the same failure again: one event is enough
            }
        } else {
            lastWarning.remove(key);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(key.namespace())
                .withName(key.name() + "." + Long.toHexString(now.toEpochMilli()) + "." + sequence.incrementAndGet())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(es.getApiVersion()).withKind(WorkKey.Kind.EXTERNAL_SECRET.resourceKind())
                        .withNamespace(key.namespace()).withName(key.name())
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
            api.createEvent(event);
        } catch (KubernetesClientException e) {
            LOG.warn("recording event {} for ExternalSecret {} failed with HTTP {}", reason, key.cacheKey(), e.getCode());
        }
        LOG.info("ExternalSecret {}: {} {}", key.cacheKey(), reason, text);
    }

    /** The resource is gone: its last warning goes too. */
    void forget(WorkKey key) {
        lastWarning.remove(key);
    }
}
