package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/** A SecretStoreSpec for all namespaces allowed by {@code conditions}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"KMS", "OOS", "conditions"})
public class ClusterSecretStoreSpec {

    @JsonProperty("KMS")
    private KmsProvider kms;

    @JsonProperty("OOS")
    private OosProvider oos;

    @JsonPropertyDescription("Namespaces that may use this store (ORed); none: every namespace.")
    @JsonProperty("conditions")
    private List<NamespaceCondition> conditions;

    @JsonProperty("KMS")
    public KmsProvider getKms() {
        return kms;
    }

    @JsonProperty("KMS")
    public void setKms(KmsProvider kms) {
        this.kms = kms;
    }

    @JsonProperty("OOS")
    public OosProvider getOos() {
        return oos;
    }

    @JsonProperty("OOS")
    public void setOos(OosProvider oos) {
        this.oos = oos;
    }

    @JsonProperty("conditions")
    public List<NamespaceCondition> getConditions() {
        return conditions;
    }

    @JsonProperty("conditions")
    public void setConditions(List<NamespaceCondition> conditions) {
        this.conditions = conditions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterSecretStoreSpec other
                && Objects.equals(kms, other.kms)
                && Objects.equals(oos, other.oos)
                && Objects.equals(conditions, other.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kms, oos, conditions);
    }
}
