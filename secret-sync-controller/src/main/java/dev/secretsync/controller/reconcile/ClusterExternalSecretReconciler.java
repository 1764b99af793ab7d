package dev.secretsync.controller.reconcile;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.k8s.Conditions;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterExternalSecretSpec;
import dev.secretsync.k8s.model.ClusterExternalSecretStatus;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretSpec;
import dev.secretsync.k8s.model.NamespaceFailure;
import dev.secretsync.k8s.store.NamespaceConditions;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * ClusterExternalSecret fan-out: one child ExternalSecret per namespace its conditions select,
 * created as namespaces start to match and deleted when they stop. Children carry the label
 * {@link Metadata#CLUSTER_EXTERNAL_SECRET_LABEL} and an owner reference to the ClusterExternalSecret.
 * Reads the informer caches of ClusterExternalSecrets, ExternalSecrets and Namespaces.
 */
public final class ClusterExternalSecretReconciler {

    private final KubeApi api;
    private final Caches caches;
    private final ControllerSettings settings;
    private final Clock clock;

    public ClusterExternalSecretReconciler(KubeApi api, Caches caches, ControllerSettings settings, Clock clock) {
        this.api = api;
        this.caches = caches;
        this.settings = settings;
        this.clock = clock;
    }

    public void reconcile(WorkKey key) {
        String name = key.name();
        ClusterExternalSecret ces = caches.clusterExternalSecrets().getByKey(name);
        List<ExternalSecret> children = caches.externalSecrets().list().stream().filter(es -> ours(es, name)).toList();
        if (ces == null || ces.getMetadata().getDeletionTimestamp() != null || !settings.processClusterExternalSecret()) {
            children.forEach(this::delete);
            return;
        }
        ClusterExternalSecretSpec spec = ces.getSpec();
        String esName = spec != null && spec.getExternalSecretName() != null && !spec.getExternalSecretName().isBlank()
                ? spec.getExternalSecretName() : name;
        List<String> provisioned = new ArrayList<>();
        List<NamespaceFailure> failed = new ArrayList<>();
        List<Namespace> namespaces = new ArrayList<>(caches.namespaces().list());
        namespaces.sort(Comparator.comparing(n -> n.getMetadata().getName()));
        for (Namespace ns : namespaces) {
            String nsName = ns.getMetadata().getName();
            boolean selected = spec != null && spec.getExternalSecretSpec() != null && settings.watches(nsName)
                    && ns.getMetadata().getDeletionTimestamp() == null
                    && NamespaceConditions.evaluate(spec, ns).allowed();
            if (!selected) {
                continue;
            }
            ExternalSecret existing = caches.externalSecrets().getByKey(nsName + "/" + esName);
            if (existing != null && !ours(existing, name)) {
                failed.add(failure(nsName, "ExternalSecret " + esName + " exists and is not managed by this ClusterExternalSecret"));
                continue;
            }
            ExternalSecret desired = child(ces, spec, esName, nsName);
            try {
                if (existing == null) {
                    api.createExternalSecret(desired);
                } else if (!Objects.equals(existing.getSpec(), desired.getSpec())
                        || !Objects.equals(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())
                        || !Objects.equals(existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())) {
                    api.editExternalSecret(nsName, esName, es -> {
                        es.setSpec(desired.getSpec());
                        es.getMetadata().setLabels(desired.getMetadata().getLabels());
                        es.getMetadata().setAnnotations(desired.getMetadata().getAnnotations());
                        return es;
                    });
                }
                provisioned.add(nsName);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && ours(api.externalSecret(nsName, esName), name)) {
                    // Written by an earlier pass that the informer has not shown us yet: provisioned;
                    // its informer event brings the next pass, which compares against it.
                    provisioned.add(nsName);
                } else {
                    failed.add(failure(nsName, "writing ExternalSecret failed with HTTP " + e.getCode()));
                }
            }
        }
        for (ExternalSecret child : children) {
            if (!provisioned.contains(child.getMetadata().getNamespace()) || !esName.equals(child.getMetadata().getName())) {
                delete(child);
            }
        }
        ClusterExternalSecretStatus next = new ClusterExternalSecretStatus();
        next.setExternalSecretName(esName);
        next.setProvisionedNamespaces(provisioned);
        next.setFailedNamespaces(failed.isEmpty() ? null : failed);
        ClusterExternalSecretStatus previous = ces.getStatus();
        next.setConditions(Conditions.set(previous == null ? null : previous.getConditions(), Conditions.READY,
                failed.isEmpty(), failed.isEmpty() ? "Provisioned" : "ProvisioningFailed",
                failed.isEmpty() ? provisioned.size() + " namespace(s) provisioned"
                        : failed.size() + " namespace(s) failed", ces.getMetadata().getGeneration(), clock));
        if (!Objects.equals(previous, next)) {
            api.updateStatus(ces, next);
        }
    }

    private ExternalSecret child(ClusterExternalSecret ces, ClusterExternalSecretSpec spec, String esName, String namespace) {
        ExternalSecret es = new ExternalSecret();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(esName);
        meta.setNamespace(namespace);
        Map<String, String> labels = new TreeMap<>();
        Map<String, String> annotations = new TreeMap<>();
        if (spec.getExternalSecretMetadata() != null) {
            if (spec.getExternalSecretMetadata().getLabels() != null) {
                labels.putAll(spec.getExternalSecretMetadata().getLabels());
            }
            if (spec.getExternalSecretMetadata().getAnnotations() != null) {
                annotations.putAll(spec.getExternalSecretMetadata().getAnnotations());
            }
        }
        labels.put(Metadata.CLUSTER_EXTERNAL_SECRET_LABEL, ces.getMetadata().getName());
        meta.setLabels(labels);
        meta.setAnnotations(annotations.isEmpty() ? null : annotations);
        meta.setOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withApiVersion(ces.getApiVersion()).withKind(ces.getKind())
                .withName(ces.getMetadata().getName()).withUid(ces.getMetadata().getUid())
                .withBlockOwnerDeletion(true).withController(true).build()));
        es.setMetadata(meta);
        ExternalSecretSpec childSpec = api.copy(spec.getExternalSecretSpec());
        if ((childSpec.getRotationInterval() == null || childSpec.getRotationInterval().isBlank())
                && spec.getRotationInterval() != null) {
            childSpec.setRotationInterval(spec.getRotationInterval());
        }
        es.setSpec(childSpec);
        return es;
    }

    private static boolean ours(ExternalSecret es, String cesName) {
        return es != null && es.getMetadata().getLabels() != null
                && cesName.equals(es.getMetadata().getLabels().get(Metadata.CLUSTER_EXTERNAL_SECRET_LABEL));
    }

    private void delete(ExternalSecret child) {
        api.deleteExternalSecret(child.getMetadata().getNamespace(), child.getMetadata().getName());
    }

    private static NamespaceFailure failure(String namespace, String reason) {
        NamespaceFailure f = new NamespaceFailure();
        f.setNamespace(namespace);
        f.setReason(reason);
        return f;
    }
}
