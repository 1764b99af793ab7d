package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/** A secret whose top-level keys become Secret keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"extract", "replaceRule"})
public class DataProcess {

    @JsonProperty("extract")
    private DataSource extract;

    @JsonPropertyDescription("Applied in order to the extracted keys.")
    @JsonProperty("replaceRule")
    private List<ReplaceRule> replaceRule;

    @JsonProperty("extract")
    public DataSource getExtract() {
        return extract;
    }

    @JsonProperty("extract")
    public void setExtract(DataSource extract) {
        this.extract = extract;
    }

    @JsonProperty("replaceRule")
    public List<ReplaceRule> getReplaceRule() {
        return replaceRule;
    }

    @JsonProperty("replaceRule")
    public void setReplaceRule(List<ReplaceRule> replaceRule) {
        this.replaceRule = replaceRule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataProcess other
                && Objects.equals(extract, other.extract)
                && Objects.equals(replaceRule, other.replaceRule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(extract, replaceRule);
    }
}
