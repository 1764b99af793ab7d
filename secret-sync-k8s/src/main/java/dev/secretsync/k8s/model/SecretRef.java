package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.secretsync.k8s.KubernetesNames;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A key of a Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "namespace", "key"})
public class SecretRef {

    @Required
    @JsonProperty("name")
    @Pattern(KubernetesNames.OBJECT_NAME)
    @Size(min = 1, max = KubernetesNames.OBJECT_NAME_MAX)
    private String name;

    @JsonPropertyDescription("Only for a ClusterSecretStore (or when cross-namespace references are allowed).")
    @JsonProperty("namespace")
    @Pattern(KubernetesNames.OPTIONAL_NAMESPACE)
    @Size(min = 0, max = KubernetesNames.NAMESPACE_MAX)
    private String namespace;

    @Required
    @JsonProperty("key")
    private String key;

    @JsonProperty("name")
    public String getName() {
        return name;
    }

    @JsonProperty("name")
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty("namespace")
    public String getNamespace() {
        return namespace;
    }

    @JsonProperty("namespace")
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    @JsonProperty("key")
    public String getKey() {
        return key;
    }

    @JsonProperty("key")
    public void setKey(String key) {
        this.key = key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretRef other
                && Objects.equals(name, other.name)
                && Objects.equals(namespace, other.namespace)
                && Objects.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, namespace, key);
    }
}
