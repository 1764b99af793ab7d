package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Objects;

/** Namespaces chosen by a label selector, by name or by regex (any of them). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"namespaceSelector", "namespaces", "namespaceRegexes"})
public class NamespaceCondition {

    @JsonProperty("namespaceSelector")
    private LabelSelector namespaceSelector;

    @JsonProperty("namespaces")
    private List<String> namespaces;

    @JsonProperty("namespaceRegexes")
    private List<String> namespaceRegexes;

    @JsonProperty("namespaceSelector")
    public LabelSelector getNamespaceSelector() {
        return namespaceSelector;
    }

    @JsonProperty("namespaceSelector")
    public void setNamespaceSelector(LabelSelector namespaceSelector) {
        this.namespaceSelector = namespaceSelector;
    }

    @JsonProperty("namespaces")
    public List<String> getNamespaces() {
        return namespaces;
    }

    @JsonProperty("namespaces")
    public void setNamespaces(List<String> namespaces) {
        this.namespaces = namespaces;
    }

    @JsonProperty("namespaceRegexes")
    public List<String> getNamespaceRegexes() {
        return namespaceRegexes;
    }

    @JsonProperty("namespaceRegexes")
    public void setNamespaceRegexes(List<String> namespaceRegexes) {
        this.namespaceRegexes = namespaceRegexes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamespaceCondition other
                && Objects.equals(namespaceSelector, other.namespaceSelector)
                && Objects.equals(namespaces, other.namespaces)
                && Objects.equals(namespaceRegexes, other.namespaceRegexes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespaceSelector, namespaces, namespaceRegexes);
    }
}
