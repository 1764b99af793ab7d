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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Every call the reconcilers make to the API server (reads of the informer caches aside), so that
 * their logic can be tested without one. A failed call throws fabric8's
 * {@code KubernetesClientException}; the controller retries the resource. {@link ClientKubeApi} is the real one.
 */
public interface KubeApi {

    /** Sets an ExternalSecret's finalizers with one merge patch carrying its resourceVersion (conditional: 409 if it moved). */
    ExternalSecret patchFinalizers(ExternalSecret es, List<String> finalizers);

    /** Removes {@code finalizer} from the live ExternalSecret (read, then update). */
    void removeFinalizer(ExternalSecret es, String finalizer);

    /** Replaces an ExternalSecret's status, conditional on its resourceVersion; returns what the API returned. */
    ExternalSecret updateStatus(ExternalSecret es, ExternalSecretStatus status);

    /** The data of a ConfigMap (one GET: ConfigMaps are not watched). */
    Optional<Map<String, String>> configMap(String namespace, String name);

    void createEvent(Event event);

    void deleteSecret(String namespace, String name);

    /** Sets the pod template annotation {@code kubectl.kubernetes.io/restartedAt} of a workload. */
    void restartRollout(String namespace, RolloutRestartTarget target, String restartedAt);

    /** Writes a store's {@code Ready} condition for {@code resolution} if it changed. */
    void updateStoreStatus(SecretStore store, StoreResolution resolution);

    /** Writes a store's {@code Ready} condition for {@code resolution} if it changed. */
    void updateStoreStatus(ClusterSecretStore store, StoreResolution resolution);

    /** The live ExternalSecret (one GET), or {@code null}. */
    ExternalSecret externalSecret(String namespace, String name);

    void createExternalSecret(ExternalSecret es);

    /** Reads the live ExternalSecret, applies {@code edit} and updates it. */
    void editExternalSecret(String namespace, String name, UnaryOperator<ExternalSecret> edit);

    /** Deletes an ExternalSecret; one that is gone already is fine. */
    void deleteExternalSecret(String namespace, String name);

    void updateStatus(ClusterExternalSecret ces, ClusterExternalSecretStatus status);

    /** A deep copy of a resource or a part of one (the informer's objects must not be changed). */
    <T> T copy(T object);
}
