package dev.secretsync.controller.migrate;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;

/** JSON merge patches that name the resourceVersion they were computed from (409 if it moved on). */
final class Patches {

    private Patches() {
    }

    static void merge(KubernetesClient client, Resource<?> resource, Map<String, Object> patch) {
        resource.patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(patch));
    }
}
