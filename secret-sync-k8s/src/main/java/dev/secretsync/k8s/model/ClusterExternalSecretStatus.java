package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/** What the controller provisioned. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"externalSecretName", "failedNamespaces", "provisionedNamespaces", "conditions"})
public class ClusterExternalSecretStatus {

    @JsonProperty("externalSecretName")
    private String externalSecretName;

    @JsonProperty("failedNamespaces")
    private List<NamespaceFailure> failedNamespaces;

    @JsonProperty("provisionedNamespaces")
    private List<String> provisionedNamespaces;

    @JsonProperty("conditions")
    private List<StatusCondition> conditions;

    @JsonProperty("externalSecretName")
    public String getExternalSecretName() {
        return externalSecretName;
    }

    @JsonProperty("externalSecretName")
    public void setExternalSecretName(String externalSecretName) {
        this.externalSecretName = externalSecretName;
    }

    @JsonProperty("failedNamespaces")
    public List<NamespaceFailure> getFailedNamespaces() {
        return failedNamespaces;
    }

    @JsonProperty("failedNamespaces")
    public void setFailedNamespaces(List<NamespaceFailure> failedNamespaces) {
        this.failedNamespaces = failedNamespaces;
    }

    @JsonProperty("provisionedNamespaces")
    public List<String> getProvisionedNamespaces() {
        return provisionedNamespaces;
    }

    @JsonProperty("provisionedNamespaces")
    public void setProvisionedNamespaces(List<String> provisionedNamespaces) {
        this.provisionedNamespaces = provisionedNamespaces;
    }

    @JsonProperty("conditions")
    public List<StatusCondition> getConditions() {
        return conditions;
    }

    @JsonProperty("conditions")
    public void setConditions(List<StatusCondition> conditions) {
        this.conditions = conditions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterExternalSecretStatus other
                && Objects.equals(externalSecretName, other.externalSecretName)
                && Objects.equals(failedNamespaces, other.failedNamespaces)
                && Objects.equals(provisionedNamespaces, other.provisionedNamespaces)
                && Objects.equals(conditions, other.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(externalSecretName, failedNamespaces, provisionedNamespaces, conditions);
    }
}
