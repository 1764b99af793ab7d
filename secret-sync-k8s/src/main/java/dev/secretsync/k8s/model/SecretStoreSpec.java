package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Exactly one of {@code KMS} or {@code OOS}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"KMS", "OOS"})
public class SecretStoreSpec {

    @JsonProperty("KMS")
    private KmsProvider kms;

    @JsonProperty("OOS")
    private OosProvider oos;

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
}
