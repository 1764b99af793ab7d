package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.Objects;

/** Labels and annotations given to a generated object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"annotations", "labels"})
public class TemplateMetadata {

    @JsonProperty("annotations")
    private Map<String, String> annotations;

    @JsonProperty("labels")
    private Map<String, String> labels;

    @JsonProperty("annotations")
    public Map<String, String> getAnnotations() {
        return annotations;
    }

    @JsonProperty("annotations")
    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }

    @JsonProperty("labels")
    public Map<String, String> getLabels() {
        return labels;
    }

    @JsonProperty("labels")
    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TemplateMetadata other
                && Objects.equals(annotations, other.annotations)
                && Objects.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(annotations, labels);
    }
}
