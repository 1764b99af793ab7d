package dev.secretsync.controller.reconcile;

import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterExternalSecretStatus;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretStatus;
import dev.secretsync.k8s.model.RolloutRestartTarget;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.store.StoreResolution;
import dev.secretsync.k8s.store.StoreStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@link KubeApi} on a fabric8 client: the API server behind it. */
public final class ClientKubeApi implements KubeApi {

    private final KubernetesClient client;
    private final Clock clock;

    /** @param clock dates store conditions */
    public ClientKubeApi(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public ExternalSecret patchFinalizers(ExternalSecret es, List<String> finalizers) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resourceVersion", es.getMetadata().getResourceVersion());
        metadata.put("finalizers", finalizers);
        // resource(es): the operation knows its object, so fabric8 does not read it from the server first.
        return client.resources(ExternalSecret.class).inNamespace(es.getMetadata().getNamespace()).resource(es)
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(Map.of("metadata", metadata)));
    }

    @Override
    public void removeFinalizer(ExternalSecret es, String finalizer) {
        client.resources(ExternalSecret.class).inNamespace(es.getMetadata().getNamespace())
                .withName(es.getMetadata().getName()).edit(x -> {
                    List<String> f = new ArrayList<>(Optional.ofNullable(x.getMetadata().getFinalizers()).orElse(List.of()));
                    f.remove(finalizer);
                    x.getMetadata().setFinalizers(f);
                    return x;
                });
    }

    @Override
    public ExternalSecret updateStatus(ExternalSecret es, ExternalSecretStatus status) {
        ExternalSecret copy = copy(es);
        copy.setStatus(status);
        return client.resources(ExternalSecret.class).inNamespace(es.getMetadata().getNamespace()).resource(copy)
                .updateStatus();
    }

    @Override
    public Optional<Map<String, String>> configMap(String namespace, String name) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
        return Optional.ofNullable(cm).map(c -> c.getData() == null ? Map.of() : c.getData());
    }

    @Override
    public void createEvent(Event event) {
        client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    }

    @Override
    public void deleteSecret(String namespace, String name) {
        client.secrets().inNamespace(namespace).withName(name).delete();
    }

    @Override
    public void restartRollout(String namespace, RolloutRestartTarget target, String restartedAt) {
        UnaryOperator<PodTemplateSpec> stamp = template -> {
            if (template.getMetadata() == null) {
                template.setMetadata(new ObjectMeta());
            }
            Map<String, String> a = new HashMap<>(Optional.ofNullable(template.getMetadata().getAnnotations()).orElse(Map.of()));
            a.put(Metadata.RESTARTED_AT_ANNOTATION, restartedAt);
            template.getMetadata().setAnnotations(a);
            return template;
        };
        switch (target.getKind()) {
            case "Deployment" -> client.apps().deployments().inNamespace(namespace).withName(target.getName())
                    .edit((Deployment d) -> {
                        stamp.apply(d.getSpec().getTemplate());
                        return d;
                    });
            case "StatefulSet" -> client.apps().statefulSets().inNamespace(namespace).withName(target.getName())
                    .edit((StatefulSet d) -> {
                        stamp.apply(d.getSpec().getTemplate());
                        return d;
                    });
            case "DaemonSet" -> client.apps().daemonSets().inNamespace(namespace).withName(target.getName())
                    .edit((DaemonSet d) -> {
                        stamp.apply(d.getSpec().getTemplate());
                        return d;
                    });
            default -> throw new IllegalStateException("unexpected kind " + target.getKind());
        }
    }

    @Override
    public void updateStoreStatus(SecretStore store, StoreResolution resolution) {
        StoreStatus.update(client, store, resolution, clock);
    }

    @Override
    public void updateStoreStatus(ClusterSecretStore store, StoreResolution resolution) {
        StoreStatus.update(client, store, resolution, clock);
    }

    @Override
    public ExternalSecret externalSecret(String namespace, String name) {
        return client.resources(ExternalSecret.class).inNamespace(namespace).withName(name).get();
    }

    @Override
    public void createExternalSecret(ExternalSecret es) {
        client.resources(ExternalSecret.class).inNamespace(es.getMetadata().getNamespace()).resource(es).create();
    }

    @Override
    public void editExternalSecret(String namespace, String name, UnaryOperator<ExternalSecret> edit) {
        client.resources(ExternalSecret.class).inNamespace(namespace).withName(name).edit(edit);
    }

    @Override
    public void deleteExternalSecret(String namespace, String name) {
        try {
            client.resources(ExternalSecret.class).inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    @Override
    public void updateStatus(ClusterExternalSecret ces, ClusterExternalSecretStatus status) {
        ClusterExternalSecret copy = copy(ces);
        copy.setStatus(status);
        client.resources(ClusterExternalSecret.class).resource(copy).updateStatus();
    }

    @Override
    public <T> T copy(T object) {
        return client.getKubernetesSerialization().clone(object);
    }
}
