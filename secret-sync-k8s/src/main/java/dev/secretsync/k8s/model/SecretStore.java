package dev.secretsync.k8s.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** ack-secret-manager's {@code SecretStore} (group {@code alibabacloud.com}, version {@code v1alpha1}). */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
public class SecretStore extends CustomResource<SecretStoreSpec, SecretStoreStatus> implements Namespaced {

    private static final long serialVersionUID = 1L;
}
