package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A template for the Secret (Go template syntax). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"data", "templateFrom", "metadata", "type", "mergePolicy"})
public class ExternalSecretTemplate {

    @JsonPropertyDescription("Secret key to template.")
    @JsonProperty("data")
    private Map<String, String> data;

    @JsonPropertyDescription("Templates read from ConfigMaps or Secrets, or given literally.")
    @JsonProperty("templateFrom")
    private List<TemplateFrom> templateFrom;

    @JsonPropertyDescription("Labels and annotations of the Secret.")
    @JsonProperty("metadata")
    private TemplateMetadata metadata;

    @JsonPropertyDescription("The Secret's type; wins over spec.type.")
    @JsonProperty("type")
    private String type;

    @JsonPropertyDescription("Replace (default): only templated keys; Merge: templated keys over the synced ones.")
    @Pattern("^(Replace|Merge)$")
    @Default("Replace")
    @JsonProperty("mergePolicy")
    private String mergePolicy;

    @JsonProperty("data")
    public Map<String, String> getData() {
        return data;
    }

    @JsonProperty("data")
    public void setData(Map<String, String> data) {
        this.data = data;
    }

    @JsonProperty("templateFrom")
    public List<TemplateFrom> getTemplateFrom() {
        return templateFrom;
    }

    @JsonProperty("templateFrom")
    public void setTemplateFrom(List<TemplateFrom> templateFrom) {
        this.templateFrom = templateFrom;
    }

    @JsonProperty("metadata")
    public TemplateMetadata getMetadata() {
        return metadata;
    }

    @JsonProperty("metadata")
    public void setMetadata(TemplateMetadata metadata) {
        this.metadata = metadata;
    }

    @JsonProperty("type")
    public String getType() {
        return type;
    }

    @JsonProperty("type")
    public void setType(String type) {
        this.type = type;
    }

    @JsonProperty("mergePolicy")
    public String getMergePolicy() {
        return mergePolicy;
    }

    @JsonProperty("mergePolicy")
    public void setMergePolicy(String mergePolicy) {
        this.mergePolicy = mergePolicy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExternalSecretTemplate other
                && Objects.equals(data, other.data)
                && Objects.equals(templateFrom, other.templateFrom)
                && Objects.equals(metadata, other.metadata)
                && Objects.equals(type, other.type)
                && Objects.equals(mergePolicy, other.mergePolicy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(data, templateFrom, metadata, type, mergePolicy);
    }
}
