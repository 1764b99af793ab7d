package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** KMS sign-in: RAM ({@code KMSAuth}) or a KMS instance Client Key ({@code dedicatedKMSAuth}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"KMSAuth", "dedicatedKMSAuth"})
public class KmsProvider {

    @JsonProperty("KMSAuth")
    private CloudAuth kmsAuth;

    @JsonProperty("dedicatedKMSAuth")
    private DedicatedKmsAuth dedicatedKmsAuth;

    @JsonProperty("KMSAuth")
    public CloudAuth getKmsAuth() {
        return kmsAuth;
    }

    @JsonProperty("KMSAuth")
    public void setKmsAuth(CloudAuth kmsAuth) {
        this.kmsAuth = kmsAuth;
    }

    @JsonProperty("dedicatedKMSAuth")
    public DedicatedKmsAuth getDedicatedKmsAuth() {
        return dedicatedKmsAuth;
    }

    @JsonProperty("dedicatedKMSAuth")
    public void setDedicatedKmsAuth(DedicatedKmsAuth dedicatedKmsAuth) {
        this.dedicatedKmsAuth = dedicatedKmsAuth;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KmsProvider other
                && Objects.equals(kmsAuth, other.kmsAuth)
                && Objects.equals(dedicatedKmsAuth, other.dedicatedKmsAuth);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kmsAuth, dedicatedKmsAuth);
    }
}
