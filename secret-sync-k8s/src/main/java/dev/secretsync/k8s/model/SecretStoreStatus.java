package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/** A store's observed state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"conditions", "capabilities"})
public class SecretStoreStatus {

    @JsonPropertyDescription("The Ready condition.")
    @JsonProperty("conditions")
    private List<StatusCondition> conditions;

    @JsonProperty("capabilities")
    private String capabilities;

    @JsonProperty("conditions")
    public List<StatusCondition> getConditions() {
        return conditions;
    }

    @JsonProperty("conditions")
    public void setConditions(List<StatusCondition> conditions) {
        this.conditions = conditions;
    }

    @JsonProperty("capabilities")
    public String getCapabilities() {
        return capabilities;
    }

    @JsonProperty("capabilities")
    public void setCapabilities(String capabilities) {
        this.capabilities = capabilities;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretStoreStatus other
                && Objects.equals(conditions, other.conditions)
                && Objects.equals(capabilities, other.capabilities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conditions, capabilities);
    }
}
