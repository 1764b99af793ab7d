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

/** A reference to a SecretStore or ClusterSecretStore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "kind", "namespace"})
public class SecretStoreRef {

    @Required
    @JsonProperty("name")
    @Pattern(KubernetesNames.OBJECT_NAME)
    @Size(min = 1, max = KubernetesNames.OBJECT_NAME_MAX)
    private String name;

    @JsonPropertyDescription("SecretStore (default) or ClusterSecretStore.")
    @Pattern("^(SecretStore|ClusterSecretStore)$")
    @JsonProperty("kind")
    private String kind;

    @JsonPropertyDescription("Deprecated: another namespace's SecretStore, only when the controller allows cross-namespace references.")
    @JsonProperty("namespace")
    @Pattern(KubernetesNames.OPTIONAL_NAMESPACE)
    @Size(min = 0, max = KubernetesNames.NAMESPACE_MAX)
    private String namespace;

    @JsonProperty("name")
    public String getName() {
        return name;
    }

    @JsonProperty("name")
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty("kind")
    public String getKind() {
        return kind;
    }

    @JsonProperty("kind")
    public void setKind(String kind) {
        this.kind = kind;
    }

    @JsonProperty("namespace")
    public String getNamespace() {
        return namespace;
    }

    @JsonProperty("namespace")
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretStoreRef other
                && Objects.equals(name, other.name)
                && Objects.equals(kind, other.kind)
                && Objects.equals(namespace, other.namespace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, namespace);
    }
}
