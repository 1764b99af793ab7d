package dev.secretsync.controller.reconcile;

import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterExternalSecretStatus;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretStatus;
import dev.secretsync.k8s.model.RolloutRestartTarget;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.store.StoreResolution;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/** A {@link KubeApi} without a server: records each call as one line; writes return what a server would. */
final class RecordingKubeApi implements KubeApi {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, String>> configMaps = new HashMap<>();
    final Map<String, ExternalSecretStatus> statuses = new HashMap<>();
    final Map<String, ClusterExternalSecretStatus> cesStatuses = new HashMap<>();
    final Map<String, ExternalSecret> live = new HashMap<>();
    private final AtomicLong resourceVersion = new AtomicLong(100);

    static String key(ExternalSecret es) {
        return es.getMetadata().getNamespace() + "/" + es.getMetadata().getName();
    }

    List<String> eventReasons() {
        return events.stream().map(e -> e.getType() + " " + e.getReason()).toList();
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T nextVersion(T object) {
        T copy = copy(object);
        copy.getMetadata().setResourceVersion(Long.toString(resourceVersion.incrementAndGet()));
        return copy;
    }

    @Override
    public ExternalSecret patchFinalizers(ExternalSecret es, List<String> finalizers) {
        calls.add("patchFinalizers " + key(es) + " " + finalizers);
        ExternalSecret result = nextVersion(es);
        result.getMetadata().setFinalizers(finalizers);
        return result;
    }

    @Override
    public void removeFinalizer(ExternalSecret es, String finalizer) {
        calls.add("removeFinalizer " + key(es));
    }

    @Override
    public ExternalSecret updateStatus(ExternalSecret es, ExternalSecretStatus status) {
        calls.add("updateStatus " + key(es));
        statuses.put(key(es), status);
        ExternalSecret result = nextVersion(es);
        result.setStatus(status);
        return result;
    }

    @Override
    public Optional<Map<String, String>> configMap(String namespace, String name) {
        calls.add("configMap " + namespace + "/" + name);
        return Optional.ofNullable(configMaps.get(namespace + "/" + name));
    }

    @Override
    public void createEvent(Event event) {
        events.add(event);
    }

    @Override
    public void deleteSecret(String namespace, String name) {
        calls.add("deleteSecret " + namespace + "/" + name);
    }

    @Override
    public void restartRollout(String namespace, RolloutRestartTarget target, String restartedAt) {
        calls.add("restart " + target.getKind() + " " + namespace + "/" + target.getName());
    }

    @Override
    public void updateStoreStatus(SecretStore store, StoreResolution resolution) {
        calls.add("storeStatus " + resolution.storeId() + " " + resolution.reason());
    }

    @Override
    public void updateStoreStatus(ClusterSecretStore store, StoreResolution resolution) {
        calls.add("storeStatus " + resolution.storeId() + " " + resolution.reason());
    }

    @Override
    public ExternalSecret externalSecret(String namespace, String name) {
        return live.get(namespace + "/" + name);
    }

    @Override
    public void createExternalSecret(ExternalSecret es) {
        calls.add("create " + key(es));
    }

    @Override
    public void editExternalSecret(String namespace, String name, UnaryOperator<ExternalSecret> edit) {
        calls.add("edit " + namespace + "/" + name);
    }

    @Override
    public void deleteExternalSecret(String namespace, String name) {
        calls.add("delete " + namespace + "/" + name);
    }

    @Override
    public void updateStatus(ClusterExternalSecret ces, ClusterExternalSecretStatus status) {
        calls.add("cesStatus " + ces.getMetadata().getName());
        cesStatuses.put(ces.getMetadata().getName(), status);
    }

    @Override
    public <T> T copy(T object) {
        return SERIALIZATION.clone(object);
    }
}
