package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import java.util.Objects;

/** The sync result of one data entry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ExternalSecretKey", "status", "reason", "synchronizationTime"})
public class DataSyncResult {

    @JsonPropertyDescription("The data entry's KMS key (capitalised JSON name as in ack-secret-manager).")
    @JsonProperty("ExternalSecretKey")
    private String externalSecretKey;

    @Pattern("^(Succeeded|Failed|Warning)$")
    @JsonProperty("status")
    private String status;

    @JsonProperty("reason")
    private String reason;

    @JsonPropertyDescription("RFC 3339 time.")
    @JsonProperty("synchronizationTime")
    private String synchronizationTime;

    @JsonProperty("ExternalSecretKey")
    public String getExternalSecretKey() {
        return externalSecretKey;
    }

    @JsonProperty("ExternalSecretKey")
    public void setExternalSecretKey(String externalSecretKey) {
        this.externalSecretKey = externalSecretKey;
    }

    @JsonProperty("status")
    public String getStatus() {
        return status;
    }

    @JsonProperty("status")
    public void setStatus(String status) {
        this.status = status;
    }

    @JsonProperty("reason")
    public String getReason() {
        return reason;
    }

    @JsonProperty("reason")
    public void setReason(String reason) {
        this.reason = reason;
    }

    @JsonProperty("synchronizationTime")
    public String getSynchronizationTime() {
        return synchronizationTime;
    }

    @JsonProperty("synchronizationTime")
    public void setSynchronizationTime(String synchronizationTime) {
        this.synchronizationTime = synchronizationTime;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSyncResult other
                && Objects.equals(externalSecretKey, other.externalSecretKey)
                && Objects.equals(status, other.status)
                && Objects.equals(reason, other.reason)
                && Objects.equals(synchronizationTime, other.synchronizationTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(externalSecretKey, status, reason, synchronizationTime);
    }
}
