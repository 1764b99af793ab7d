package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.secretsync.k8s.KubernetesNames;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** The target Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "template", "creationPolicy", "deletionPolicy"})
public class ExternalSecretTarget {

    @JsonPropertyDescription("The Secret's name; default: the ExternalSecret's name.")
    @JsonProperty("name")
    @Pattern(KubernetesNames.OPTIONAL_OBJECT_NAME)
    @Size(min = 0, max = KubernetesNames.OBJECT_NAME_MAX)
    private String name;

    @JsonPropertyDescription("Templates that shape the Secret's data, metadata and type.")
    @JsonProperty("template")
    private ExternalSecretTemplate template;

    @JsonPropertyDescription("secret-sync: Owner (default: the Secret gets an owner reference to the ExternalSecret), Merge (write only this resource's keys into an existing Secret), Orphan (managed, without owner reference).")
    @Pattern("^(Owner|Merge|Orphan)$")
    @JsonProperty("creationPolicy")
    private String creationPolicy;

    @JsonPropertyDescription("secret-sync: what happens to the Secret when the ExternalSecret is deleted: Retain (default) or Delete.")
    @Pattern("^(Retain|Delete)$")
    @JsonProperty("deletionPolicy")
    private String deletionPolicy;

    @JsonProperty("name")
    public String getName() {
        return name;
    }

    @JsonProperty("name")
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty("template")
    public ExternalSecretTemplate getTemplate() {
        return template;
    }

    @JsonProperty("template")
    public void setTemplate(ExternalSecretTemplate template) {
        this.template = template;
    }

    @JsonProperty("creationPolicy")
    public String getCreationPolicy() {
        return creationPolicy;
    }

    @JsonProperty("creationPolicy")
    public void setCreationPolicy(String creationPolicy) {
        this.creationPolicy = creationPolicy;
    }

    @JsonProperty("deletionPolicy")
    public String getDeletionPolicy() {
        return deletionPolicy;
    }

    @JsonProperty("deletionPolicy")
    public void setDeletionPolicy(String deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExternalSecretTarget other
                && Objects.equals(name, other.name)
                && Objects.equals(template, other.template)
                && Objects.equals(creationPolicy, other.creationPolicy)
                && Objects.equals(deletionPolicy, other.deletionPolicy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, template, creationPolicy, deletionPolicy);
    }
}
