package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.secretsync.k8s.KubernetesNames;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** A ConfigMap or Secret holding templates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "items"})
public class TemplateRef {

    @Required
    @JsonProperty("name")
    @Pattern(KubernetesNames.OBJECT_NAME)
    @Size(min = 1, max = KubernetesNames.OBJECT_NAME_MAX)
    private String name;

    @Required
    @JsonProperty("items")
    private List<TemplateRefItem> items;

    @JsonProperty("name")
    public String getName() {
        return name;
    }

    @JsonProperty("name")
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty("items")
    public List<TemplateRefItem> getItems() {
        return items;
    }

    @JsonProperty("items")
    public void setItems(List<TemplateRefItem> items) {
        this.items = items;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TemplateRef other
                && Objects.equals(name, other.name)
                && Objects.equals(items, other.items);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, items);
    }
}
