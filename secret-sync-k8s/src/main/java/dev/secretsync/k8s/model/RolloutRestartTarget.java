package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.secretsync.k8s.KubernetesNames;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** secret-sync: a workload restarted when the Secret changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind", "name"})
public class RolloutRestartTarget {

    @Required
    @Pattern("^(Deployment|StatefulSet|DaemonSet)$")
    @JsonProperty("kind")
    private String kind;

    @Required
    @JsonProperty("name")
    @Pattern(KubernetesNames.OBJECT_NAME)
    @Size(min = 1, max = KubernetesNames.OBJECT_NAME_MAX)
    private String name;

    @JsonProperty("kind")
    public String getKind() {
        return kind;
    }

    @JsonProperty("kind")
    public void setKind(String kind) {
        this.kind = kind;
    }

    @JsonProperty("name")
    public String getName() {
        return name;
    }

    @JsonProperty("name")
    public void setName(String name) {
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RolloutRestartTarget other
                && Objects.equals(kind, other.kind)
                && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name);
    }
}
