package dev.secretsync.k8s.model;

/** The API group and version shared with ack-secret-manager, so its manifests apply unchanged. */
public final class ApiGroup {

    public static final String GROUP = "alibabacloud.com";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    private ApiGroup() {
    }
}
