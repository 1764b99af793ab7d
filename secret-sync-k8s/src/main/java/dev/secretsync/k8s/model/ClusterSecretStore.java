package dev.secretsync.k8s.model;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** ack-secret-manager's {@code ClusterSecretStore} (group {@code alibabacloud.com}, version {@code v1alpha1}). */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("css")
public class ClusterSecretStore extends CustomResource<ClusterSecretStoreSpec, SecretStoreStatus> {

    private static final long serialVersionUID = 1L;
}
