package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A JMESPath expression and the Secret key its result goes to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"path", "objectAlias"})
public class JmesPathObject {

    @Required
    @JsonProperty("path")
    private String path;

    @Required
    @JsonProperty("objectAlias")
    private String objectAlias;

    @JsonProperty("path")
    public String getPath() {
        return path;
    }

    @JsonProperty("path")
    public void setPath(String path) {
        this.path = path;
    }

    @JsonProperty("objectAlias")
    public String getObjectAlias() {
        return objectAlias;
    }

    @JsonProperty("objectAlias")
    public void setObjectAlias(String objectAlias) {
        this.objectAlias = objectAlias;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JmesPathObject other
                && Objects.equals(path, other.path)
                && Objects.equals(objectAlias, other.objectAlias);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, objectAlias);
    }
}
