package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.Objects;

/** A source of templates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"configMap", "secret", "target", "literal"})
public class TemplateFrom {

    @JsonProperty("configMap")
    private TemplateRef configMap;

    @JsonProperty("secret")
    private TemplateRef secret;

    @JsonPropertyDescription("Where the result goes: Data (default), Annotations or Labels.")
    @Pattern("^(Data|Annotations|Labels)$")
    @Default("Data")
    @JsonProperty("target")
    private String target;

    @JsonProperty("literal")
    private String literal;

    @JsonProperty("configMap")
    public TemplateRef getConfigMap() {
        return configMap;
    }

    @JsonProperty("configMap")
    public void setConfigMap(TemplateRef configMap) {
        this.configMap = configMap;
    }

    @JsonProperty("secret")
    public TemplateRef getSecret() {
        return secret;
    }

    @JsonProperty("secret")
    public void setSecret(TemplateRef secret) {
        this.secret = secret;
    }

    @JsonProperty("target")
    public String getTarget() {
        return target;
    }

    @JsonProperty("target")
    public void setTarget(String target) {
        this.target = target;
    }

    @JsonProperty("literal")
    public String getLiteral() {
        return literal;
    }

    @JsonProperty("literal")
    public void setLiteral(String literal) {
        this.literal = literal;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TemplateFrom other
                && Objects.equals(configMap, other.configMap)
                && Objects.equals(secret, other.secret)
                && Objects.equals(target, other.target)
                && Objects.equals(literal, other.literal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(configMap, secret, target, literal);
    }
}
