package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** Rewrites keys matching {@code source} (a regex) with {@code target}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"target", "source"})
public class ReplaceRule {

    @Required
    @JsonProperty("target")
    private String target;

    @Required
    @JsonProperty("source")
    private String source;

    @JsonProperty("target")
    public String getTarget() {
        return target;
    }

    @JsonProperty("target")
    public void setTarget(String target) {
        this.target = target;
    }

    @JsonProperty("source")
    public String getSource() {
        return source;
    }

    @JsonProperty("source")
    public void setSource(String source) {
        this.source = source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplaceRule other
                && Objects.equals(target, other.target)
                && Objects.equals(source, other.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, source);
    }
}
