package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

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

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretStoreSpec other
                && Objects.equals(kms, other.kms)
                && Objects.equals(oos, other.oos);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kms, oos);
    }
}
