package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.secretsync.k8s.KubernetesNames;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** A ServiceAccount whose tokens (TokenRequest API) sign in with RRSA. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "namespace", "audiences"})
public class ServiceAccountRef {

    @Required
    @JsonProperty("name")
    @Pattern(KubernetesNames.OBJECT_NAME)
    @Size(min = 1, max = KubernetesNames.OBJECT_NAME_MAX)
    private String name;

    @JsonProperty("namespace")
    @Pattern(KubernetesNames.OPTIONAL_NAMESPACE)
    @Size(min = 0, max = KubernetesNames.NAMESPACE_MAX)
    private String namespace;

    @JsonPropertyDescription("Default: sts.aliyuncs.com.")
    @JsonProperty("audiences")
    private List<String> audiences;

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

    @JsonProperty("audiences")
    public List<String> getAudiences() {
        return audiences;
    }

    @JsonProperty("audiences")
    public void setAudiences(List<String> audiences) {
        this.audiences = audiences;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceAccountRef other
                && Objects.equals(name, other.name)
                && Objects.equals(namespace, other.namespace)
                && Objects.equals(audiences, other.audiences);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, namespace, audiences);
    }
}
