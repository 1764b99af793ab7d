package dev.secretsync.controller.translate;

import dev.secretsync.k8s.KubernetesNames;
import dev.secretsync.k8s.model.DataSource;
import dev.secretsync.k8s.model.ExternalSecretSpec;
import dev.secretsync.k8s.model.ExternalSecretTemplate;
import dev.secretsync.k8s.model.RolloutRestartTarget;
import dev.secretsync.k8s.model.SecretStoreRef;
import dev.secretsync.k8s.model.TemplateFrom;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The first step of translation: every name and namespace an ExternalSecret names (its target,
 * store references, templateFrom sources, rollout targets) must be one Kubernetes accepts for that
 * kind, before any of them reaches a cache lookup or a request path. A tenant's
 * {@code ../../other/configmaps/x} is refused here, whatever an HTTP client or API server would
 * make of it.
 */
final class ReferenceNames {

    private static final Set<String> ROLLOUT_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

    private ReferenceNames() {
    }

    /** @throws InvalidSpecException naming the first field that holds no valid name */
    static void check(ExternalSecretSpec spec) throws InvalidSpecException {
        if (spec.getTarget() != null && !blank(spec.getTarget().getName())) {
            objectName("spec.target.name", "Secret", spec.getTarget().getName());
        }
        List<DataSource> data = orEmpty(spec.getData());
        for (int i = 0; i < data.size(); i++) {
            if (data.get(i) != null) {
                storeRef("spec.data[" + i + "].secretStoreRef", data.get(i).getSecretStoreRef());
            }
        }
        List<dev.secretsync.k8s.model.DataProcess> processes = orEmpty(spec.getDataProcess());
        for (int i = 0; i < processes.size(); i++) {
            if (processes.get(i) != null && processes.get(i).getExtract() != null) {
                storeRef("spec.dataProcess[" + i + "].extract.secretStoreRef",
                        processes.get(i).getExtract().getSecretStoreRef());
            }
        }
        ExternalSecretTemplate template = spec.getTarget() == null ? null : spec.getTarget().getTemplate();
        List<TemplateFrom> from = template == null ? List.of() : orEmpty(template.getTemplateFrom());
        for (int i = 0; i < from.size(); i++) {
            TemplateFrom f = from.get(i);
            String field = "spec.target.template.templateFrom[" + i + "]";
            if (f != null && f.getConfigMap() != null && !blank(f.getConfigMap().getName())) {
                objectName(field + ".configMap.name", "ConfigMap", f.getConfigMap().getName());
            }
            if (f != null && f.getSecret() != null && !blank(f.getSecret().getName())) {
                objectName(field + ".secret.name", "Secret", f.getSecret().getName());
            }
        }
        List<RolloutRestartTarget> restarts = orEmpty(spec.getRolloutRestart());
        for (int i = 0; i < restarts.size(); i++) {
            RolloutRestartTarget r = restarts.get(i);
            if (r != null && !blank(r.getName())) {
                objectName("spec.rolloutRestart[" + i + "].name", ROLLOUT_KINDS.contains(r.getKind()) ? r.getKind()
                        : "workload", r.getName());
            }
        }
    }

    private static void storeRef(String field, SecretStoreRef ref) throws InvalidSpecException {
        if (ref == null) {
            return;
        }
        if (!blank(ref.getName())) {
            objectName(field + ".name", "ClusterSecretStore".equals(ref.getKind()) ? "ClusterSecretStore" : "SecretStore",
                    ref.getName());
        }
        if (!blank(ref.getNamespace())) {
            fail(field + ".namespace", KubernetesNames.namespaceProblem(ref.getNamespace().trim()));
        }
    }

    private static void objectName(String field, String kind, String name) throws InvalidSpecException {
        fail(field, KubernetesNames.objectNameProblem(kind, name));
    }

    private static void fail(String field, Optional<String> problem) throws InvalidSpecException {
        if (problem.isPresent()) {
            throw new InvalidSpecException(field, problem.get());
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
