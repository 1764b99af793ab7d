package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/** What the controller observed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"dataSyncResults", "conditions"})
public class ExternalSecretStatus {

    @JsonPropertyDescription("One result per data entry (ack-secret-manager's shape).")
    @JsonProperty("dataSyncResults")
    private List<DataSyncResult> dataSyncResults;

    @JsonPropertyDescription("secret-sync: the Ready condition.")
    @JsonProperty("conditions")
    private List<StatusCondition> conditions;

    @JsonProperty("dataSyncResults")
    public List<DataSyncResult> getDataSyncResults() {
        return dataSyncResults;
    }

    @JsonProperty("dataSyncResults")
    public void setDataSyncResults(List<DataSyncResult> dataSyncResults) {
        this.dataSyncResults = dataSyncResults;
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
        return o instanceof ExternalSecretStatus other
                && Objects.equals(dataSyncResults, other.dataSyncResults)
                && Objects.equals(conditions, other.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataSyncResults, conditions);
    }
}
