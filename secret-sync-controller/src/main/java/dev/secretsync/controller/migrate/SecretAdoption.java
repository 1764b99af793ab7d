package dev.secretsync.controller.migrate;

import dev.secretsync.controller.Controller;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.DataProcess;
import dev.secretsync.k8s.model.DataSource;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretSpec;
import dev.secretsync.k8s.model.ExternalSecretTemplate;
import dev.secretsync.k8s.model.JmesPathObject;
import dev.secretsync.k8s.model.TemplateFrom;
import dev.secretsync.k8s.sink.CreationPolicy;
import dev.secretsync.k8s.sink.Owner;
import dev.secretsync.k8s.sink.TargetOptions;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Secrets ack-secret-manager wrote, handed to secret-sync. ack-secret-manager writes Secrets
 * without an owner reference or any mark of its own, so the Secret named by an ExternalSecret's
 * target is taken to be its output when it holds only keys that ExternalSecret can write and
 * nothing else claims it. Such a Secret gets secret-sync's ownership marks (the managed-by label
 * and the owner annotation); the controller's first sync then adds its owner reference and content
 * hash, and leaves a value that is already right as it is. Everything else is reported, untouched.
 *
 * <p>ClusterExternalSecret children that ack-secret-manager created carry a controller reference
 * to their ClusterExternalSecret; they get secret-sync's child label, so that the
 * ClusterExternalSecret keeps them instead of reporting them as not managed.
 */
final class SecretAdoption {

    /** ack-secret-manager's list of the keys its templates wrote. */
    static final String ACK_MANAGED_KEYS = "ack-alibabacloud.com/managed-keys";

    private static final Change.Permission SECRET_PATCH = new Change.Permission("", "secrets", "patch");
    private static final Change.Permission EXTERNAL_SECRET_PATCH =
            new Change.Permission("alibabacloud.com", "externalsecrets", "patch");

    private final KubernetesClient client;

    SecretAdoption(KubernetesClient client) {
        this.client = client;
    }

    /** Counts of adoptions planned and found done, for the summary. */
    record Counts(int toAdopt, int alreadyAdopted) {
    }

    Counts plan(List<ExternalSecret> externalSecrets, List<Change> changes, List<String> conflicts) {
        Map<String, List<ExternalSecret>> byTarget = new LinkedHashMap<>();
        for (ExternalSecret es : externalSecrets) {
            if (es.getMetadata().getDeletionTimestamp() == null) {
                byTarget.computeIfAbsent(TargetOptions.targetOf(es), t -> new ArrayList<>()).add(es);
            }
        }
        int toAdopt = 0;
        int adopted = 0;
        for (var e : byTarget.entrySet()) {
            String target = e.getKey();
            List<ExternalSecret> claimants = e.getValue();
            Secret secret = secret(target);
            if (secret == null) {
                continue; // nothing written yet: secret-sync creates it
            }
            if (claimants.size() > 1) {
                conflicts.add("Secret " + target + " is the target of " + claimants.size() + " ExternalSecrets ("
                        + String.join(", ", claimants.stream().map(AckPresence::id).toList())
                        + "): left alone; give each its own spec.target.name, or use creationPolicy Merge");
                continue;
            }
            ExternalSecret es = claimants.get(0);
            Owner owner = Owner.of(es);
            String problem = problem(es, owner, secret);
            if (problem == null) {
                changes.add(adopt(secret, owner));
                toAdopt++;
            } else if (problem.isEmpty()) {
                adopted++;
            } else {
                conflicts.add("Secret " + target + " " + problem + ": left alone; ExternalSecret " + AckPresence.id(es)
                        + " reports it until you resolve it");
            }
        }
        for (ExternalSecret es : externalSecrets) {
            OwnerReference parent = clusterExternalSecretParent(es);
            Map<String, String> labels = es.getMetadata().getLabels();
            if (parent != null && (labels == null || !labels.containsKey(Controller.CES_LABEL))) {
                changes.add(labelChild(es, parent.getName()));
            }
        }
        return new Counts(toAdopt, adopted);
    }

    /**
     * Why {@code secret} cannot be adopted for {@code es}: {@code null} when it can, the empty
     * string when secret-sync manages it for {@code es} already, else the reason.
     */
    static String problem(ExternalSecret es, Owner owner, Secret secret) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        Map<String, String> annotations = secret.getMetadata().getAnnotations();
        String managedBy = labels == null ? null : labels.get(Metadata.MANAGED_BY_LABEL);
        String ownerKey = annotations == null ? null : annotations.get(Metadata.OWNER_ANNOTATION);
        if (Metadata.MANAGED_BY_VALUE.equals(managedBy)) {
            return owner.key().equals(ownerKey) ? "" : "is managed by secret-sync for " + ownerKey;
        }
        TargetOptions options;
        try {
            options = TargetOptions.forExternalSecret(es);
        } catch (IllegalArgumentException e) {
            return "cannot be matched: ExternalSecret " + AckPresence.id(es) + " is invalid (" + e.getMessage() + ")";
        }
        if (options.creationPolicy() == CreationPolicy.MERGE) {
            return "is written with creationPolicy Merge, which needs no adoption";
        }
        for (OwnerReference ref : orEmpty(secret.getMetadata().getOwnerReferences())) {
            if (Boolean.TRUE.equals(ref.getController())) {
                return "is controlled by " + ref.getKind() + " " + ref.getName();
            }
        }
        String type = secret.getType() == null ? TargetOptions.DEFAULT_TYPE : secret.getType();
        String wanted = options.type() == null ? TargetOptions.DEFAULT_TYPE : options.type();
        if (!type.equals(wanted)) {
            return "has type " + type + " where the ExternalSecret writes " + wanted;
        }
        Set<String> keys = new TreeSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        if (keys.isEmpty()) {
            return "holds no data, which ack-secret-manager never writes";
        }
        Keys expected = Keys.of(es, annotations);
        List<String> foreign = keys.stream().filter(k -> !expected.allows(k)).toList();
        if (!foreign.isEmpty()) {
            return "holds keys the ExternalSecret does not write (" + String.join(", ", foreign) + ")";
        }
        return null;
    }

    /** The keys an ExternalSecret can write, as far as its spec tells without reading KMS. */
    record Keys(Set<String> named, boolean open) {

        boolean allows(String key) {
            return open || named.contains(key);
        }

        static Keys of(ExternalSecret es, Map<String, String> secretAnnotations) {
            Set<String> named = new TreeSet<>();
            boolean open = false;
            ExternalSecretSpec spec = es.getSpec();
            if (spec != null) {
                for (DataSource d : orEmpty(spec.getData())) {
                    named.add(d.getName() != null && !d.getName().isBlank() ? d.getName() : d.getKey());
                    for (JmesPathObject p : orEmpty(d.getJmesPath())) {
                        named.add(p.getObjectAlias());
                    }
                }
                for (DataProcess p : orEmpty(spec.getDataProcess())) {
                    open |= p.getExtract() != null; // its keys come from the secret's content
                }
                ExternalSecretTemplate template = spec.getTarget() == null ? null : spec.getTarget().getTemplate();
                if (template != null) {
                    if (template.getData() != null) {
                        named.addAll(template.getData().keySet());
                    }
                    for (TemplateFrom from : orEmpty(template.getTemplateFrom())) {
                        open |= from.getConfigMap() != null || from.getSecret() != null;
                        if (from.getLiteral() != null) {
                            named.add("literal");
                        }
                    }
                }
            }
            String managed = secretAnnotations == null ? null : secretAnnotations.get(ACK_MANAGED_KEYS);
            if (managed != null) {
                for (String k : managed.split(",")) {
                    if (!k.isBlank()) {
                        named.add(k.trim());
                    }
                }
            }
            return new Keys(named, open);
        }
    }

    private Secret secret(String target) {
        int slash = target.indexOf('/');
        return client.secrets().inNamespace(target.substring(0, slash)).withName(target.substring(slash + 1)).get();
    }

    private static OwnerReference clusterExternalSecretParent(ExternalSecret es) {
        for (OwnerReference ref : orEmpty(es.getMetadata().getOwnerReferences())) {
            if ("ClusterExternalSecret".equals(ref.getKind()) && Boolean.TRUE.equals(ref.getController())
                    && String.valueOf(ref.getApiVersion()).startsWith("alibabacloud.com/")) {
                return ref;
            }
        }
        return null;
    }

    private static Change adopt(Secret secret, Owner owner) {
        String ns = secret.getMetadata().getNamespace();
        String name = secret.getMetadata().getName();
        String keys = String.join(", ", new TreeSet<>(secret.getData() == null ? Set.of() : secret.getData().keySet()));
        Map<String, Object> metadata = Map.of(
                "resourceVersion", secret.getMetadata().getResourceVersion(),
                "labels", Map.of(Metadata.MANAGED_BY_LABEL, Metadata.MANAGED_BY_VALUE),
                "annotations", Map.of(Metadata.OWNER_ANNOTATION, owner.key()));
        return new Change("adopt Secret " + ns + "/" + name + " for " + owner.key() + " (keys: " + keys + ")",
                SECRET_PATCH, client -> Patches.merge(client, client.secrets().inNamespace(ns).withName(name),
                        Map.of("metadata", metadata)));
    }

    private static Change labelChild(ExternalSecret es, String parent) {
        String ns = es.getMetadata().getNamespace();
        String name = es.getMetadata().getName();
        Map<String, Object> metadata = Map.of(
                "resourceVersion", es.getMetadata().getResourceVersion(),
                "labels", Map.of(Controller.CES_LABEL, parent));
        return new Change("label ExternalSecret " + ns + "/" + name + " as a child of ClusterExternalSecret " + parent,
                EXTERNAL_SECRET_PATCH, client -> Patches.merge(client,
                        client.resources(ExternalSecret.class).inNamespace(ns).withName(name), Map.of("metadata", metadata)));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
