package dev.secretsync.controller.migrate;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The four CRDs: protected from ack-secret-manager's uninstall (Helm's keep policy) and replaced
 * in place by secret-sync's schemas, which add optional fields only. Helm never upgrades a CRD
 * under a chart's {@code crds/} that exists already, so without this the old schemas would prune
 * the fields secret-sync adds ({@code target.creationPolicy}, {@code status.conditions}).
 */
final class CrdMigration {

    /** Helm leaves an object with this annotation in place when its release is uninstalled. */
    static final String HELM_RESOURCE_POLICY = "helm.sh/resource-policy";
    private static final Change.Permission CRD_PATCH =
            new Change.Permission("apiextensions.k8s.io", "customresourcedefinitions", "patch");
    private static final Change.Permission CRD_UPDATE =
            new Change.Permission("apiextensions.k8s.io", "customresourcedefinitions", "update");
    static final List<String> PLURALS = List.of("externalsecrets", "secretstores", "clustersecretstores",
            "clusterexternalsecrets");

    private final KubernetesClient client;

    CrdMigration(KubernetesClient client) {
        this.client = client;
    }

    /** The live CRDs by plural, reading each once; missing ones are absent. */
    Map<String, CustomResourceDefinition> live() {
        Map<String, CustomResourceDefinition> live = new HashMap<>();
        for (String plural : PLURALS) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                    .withName(crdName(plural)).get();
            if (crd != null) {
                live.put(plural, crd);
            }
        }
        return live;
    }

    /**
     * Adds to {@code changes} what the CRDs need, or to {@code blockers} why they cannot have it.
     *
     * @return how many resources of each kind are stored
     */
    Map<String, Integer> plan(Map<String, CustomResourceDefinition> live, List<Change> changes, List<String> blockers) {
        Map<String, Integer> counts = new HashMap<>();
        for (String plural : PLURALS) {
            CustomResourceDefinition current = live.get(plural);
            if (current == null) {
                blockers.add("CRD " + crdName(plural) + " not found: this is not a cluster with ack-secret-manager's "
                        + "resources (install secret-sync's chart directly), or a CRD was deleted (restore it first)");
                continue;
            }
            // Listed as stored (not typed): a field secret-sync's model lacks must be seen, not fail the read.
            List<GenericKubernetesResource> stored = client.genericKubernetesResources(
                    CustomResourceDefinitionContext.fromCrd(current)).inAnyNamespace().list().getItems();
            counts.put(current.getSpec().getNames().getKind(), stored.size());
            if (!"keep".equals(annotation(current, HELM_RESOURCE_POLICY))) {
                changes.add(keep(current));
            }
            CustomResourceDefinition wanted = ours(plural);
            if (!sameSchemas(current, wanted)) {
                List<String> problems = pruningProblems(current, wanted, stored);
                if (problems.isEmpty()) {
                    changes.add(upgrade(current, wanted));
                } else {
                    problems.forEach(p -> blockers.add("CRD " + crdName(plural) + ": " + p));
                }
            }
        }
        return counts;
    }

    /** secret-sync's CRD of {@code plural}, as generated from the model (secret-sync-k8s). */
    CustomResourceDefinition ours(String plural) {
        String resource = "/META-INF/fabric8/" + crdName(plural) + "-v1.yml";
        try (InputStream in = CrdMigration.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("secret-sync's CRD " + resource + " is missing from the classpath");
            }
            return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every stored object of the CRD's kind, checked against the new schema: one line per problem. */
    private static List<String> pruningProblems(CustomResourceDefinition current, CustomResourceDefinition wanted,
                                                List<GenericKubernetesResource> stored) {
        List<String> problems = new ArrayList<>();
        for (CustomResourceDefinitionVersion version : current.getSpec().getVersions()) {
            JSONSchemaProps schema = schemaOf(wanted, version.getName());
            if (schema == null) {
                problems.add("version " + version.getName() + " is served today and secret-sync does not serve it");
                continue;
            }
            for (GenericKubernetesResource r : stored) {
                if (!version.getName().equals(versionOf(r))) {
                    continue;
                }
                for (String p : SchemaPruning.problems(r.getAdditionalProperties(), schema)) {
                    problems.add(current.getSpec().getNames().getKind() + " " + id(r) + ": " + p);
                }
            }
        }
        return problems;
    }

    private static Change keep(CustomResourceDefinition crd) {
        String name = crd.getMetadata().getName();
        Map<String, Object> metadata = Map.of("resourceVersion", crd.getMetadata().getResourceVersion(),
                "annotations", Map.of(HELM_RESOURCE_POLICY, "keep"));
        return new Change("annotate CRD " + name + " with " + HELM_RESOURCE_POLICY
                + "=keep (ack-secret-manager's uninstall leaves it and every resource of its kind)", CRD_PATCH,
                client -> Patches.merge(client, client.apiextensions().v1().customResourceDefinitions().withName(name),
                        Map.of("metadata", metadata)));
    }

    private static Change upgrade(CustomResourceDefinition current, CustomResourceDefinition wanted) {
        String name = current.getMetadata().getName();
        // The spec only: labels, annotations (the keep policy) and the stored versions stay.
        return new Change("upgrade CRD " + name + " to secret-sync's schema (every stored resource checked: no "
                + "field pruned, no type changed)", CRD_UPDATE,
                client -> client.apiextensions().v1().customResourceDefinitions().withName(name).edit(crd -> {
                    crd.setSpec(wanted.getSpec());
                    return crd;
                }));
    }

    private static String versionOf(GenericKubernetesResource r) {
        String apiVersion = r.getApiVersion();
        return apiVersion == null ? null : apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    private static boolean sameSchemas(CustomResourceDefinition current, CustomResourceDefinition wanted) {
        if (current.getSpec().getVersions().size() != wanted.getSpec().getVersions().size()) {
            return false;
        }
        for (CustomResourceDefinitionVersion v : wanted.getSpec().getVersions()) {
            CustomResourceDefinitionVersion live = current.getSpec().getVersions().stream()
                    .filter(x -> x.getName().equals(v.getName())).findFirst().orElse(null);
            if (live == null || !Objects.equals(live.getSchema(), v.getSchema())
                    || !Objects.equals(live.getSubresources(), v.getSubresources())
                    || !Objects.equals(live.getAdditionalPrinterColumns(), v.getAdditionalPrinterColumns())) {
                return false;
            }
        }
        return Objects.equals(current.getSpec().getNames().getShortNames(), wanted.getSpec().getNames().getShortNames());
    }

    private static JSONSchemaProps schemaOf(CustomResourceDefinition crd, String version) {
        return crd.getSpec().getVersions().stream().filter(v -> v.getName().equals(version))
                .map(v -> v.getSchema() == null ? null : v.getSchema().getOpenAPIV3Schema())
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    static String crdName(String plural) {
        return plural + ".alibabacloud.com";
    }

    private static String annotation(CustomResourceDefinition crd, String key) {
        Map<String, String> a = crd.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    private static String id(GenericKubernetesResource r) {
        String ns = r.getMetadata().getNamespace();
        return ns == null ? r.getMetadata().getName() : ns + "/" + r.getMetadata().getName();
    }
}
