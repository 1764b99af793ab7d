package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** One template key of a ConfigMap or Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"key", "templateAs"})
public class TemplateRefItem {

    @Required
    @Pattern("^[-._a-zA-Z0-9]+$")
    @JsonProperty("key")
    private String key;

    @Pattern("^(Values|KeysAndValues)$")
    @Default("Values")
    @JsonProperty("templateAs")
    private String templateAs;

    @JsonProperty("key")
    public String getKey() {
        return key;
    }

    @JsonProperty("key")
    public void setKey(String key) {
        this.key = key;
    }

    @JsonProperty("templateAs")
    public String getTemplateAs() {
        return templateAs;
    }

    @JsonProperty("templateAs")
    public void setTemplateAs(String templateAs) {
        this.templateAs = templateAs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TemplateRefItem other
                && Objects.equals(key, other.key)
                && Objects.equals(templateAs, other.templateAs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, templateAs);
    }
}
