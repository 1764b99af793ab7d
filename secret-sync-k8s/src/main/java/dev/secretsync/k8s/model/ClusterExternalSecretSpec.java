package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.secretsync.k8s.KubernetesNames;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Objects;

/** An ExternalSecret created in every namespace the conditions select. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"externalSecretSpec", "externalSecretName", "externalSecretMetadata", "namespaceSelectors", "conditions", "rotationInterval"})
public class ClusterExternalSecretSpec {

    @Required
    @JsonProperty("externalSecretSpec")
    private ExternalSecretSpec externalSecretSpec;

    @JsonPropertyDescription("Default: the ClusterExternalSecret's name.")
    @JsonProperty("externalSecretName")
    @Pattern(KubernetesNames.OPTIONAL_OBJECT_NAME)
    @Size(min = 0, max = KubernetesNames.OBJECT_NAME_MAX)
    private String externalSecretName;

    @JsonProperty("externalSecretMetadata")
    private TemplateMetadata externalSecretMetadata;

    @JsonPropertyDescription("Deprecated: use conditions.")
    @JsonProperty("namespaceSelectors")
    private List<LabelSelector> namespaceSelectors;

    @JsonProperty("conditions")
    private List<NamespaceCondition> conditions;

    @JsonProperty("rotationInterval")
    private String rotationInterval;

    @JsonProperty("externalSecretSpec")
    public ExternalSecretSpec getExternalSecretSpec() {
        return externalSecretSpec;
    }

    @JsonProperty("externalSecretSpec")
    public void setExternalSecretSpec(ExternalSecretSpec externalSecretSpec) {
        this.externalSecretSpec = externalSecretSpec;
    }

    @JsonProperty("externalSecretName")
    public String getExternalSecretName() {
        return externalSecretName;
    }

    @JsonProperty("externalSecretName")
    public void setExternalSecretName(String externalSecretName) {
        this.externalSecretName = externalSecretName;
    }

    @JsonProperty("externalSecretMetadata")
    public TemplateMetadata getExternalSecretMetadata() {
        return externalSecretMetadata;
    }

    @JsonProperty("externalSecretMetadata")
    public void setExternalSecretMetadata(TemplateMetadata externalSecretMetadata) {
        this.externalSecretMetadata = externalSecretMetadata;
    }

    @JsonProperty("namespaceSelectors")
    public List<LabelSelector> getNamespaceSelectors() {
        return namespaceSelectors;
    }

    @JsonProperty("namespaceSelectors")
    public void setNamespaceSelectors(List<LabelSelector> namespaceSelectors) {
        this.namespaceSelectors = namespaceSelectors;
    }

    @JsonProperty("conditions")
    public List<NamespaceCondition> getConditions() {
        return conditions;
    }

    @JsonProperty("conditions")
    public void setConditions(List<NamespaceCondition> conditions) {
        this.conditions = conditions;
    }

    @JsonProperty("rotationInterval")
    public String getRotationInterval() {
        return rotationInterval;
    }

    @JsonProperty("rotationInterval")
    public void setRotationInterval(String rotationInterval) {
        this.rotationInterval = rotationInterval;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterExternalSecretSpec other
                && Objects.equals(externalSecretSpec, other.externalSecretSpec)
                && Objects.equals(externalSecretName, other.externalSecretName)
                && Objects.equals(externalSecretMetadata, other.externalSecretMetadata)
                && Objects.equals(namespaceSelectors, other.namespaceSelectors)
                && Objects.equals(conditions, other.conditions)
                && Objects.equals(rotationInterval, other.rotationInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(externalSecretSpec, externalSecretName, externalSecretMetadata, namespaceSelectors, conditions, rotationInterval);
    }
}
