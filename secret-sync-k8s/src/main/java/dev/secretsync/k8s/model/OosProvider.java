package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** OOS sign-in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"OOSAuth"})
public class OosProvider {

    @JsonProperty("OOSAuth")
    private CloudAuth oosAuth;

    @JsonProperty("OOSAuth")
    public CloudAuth getOosAuth() {
        return oosAuth;
    }

    @JsonProperty("OOSAuth")
    public void setOosAuth(CloudAuth oosAuth) {
        this.oosAuth = oosAuth;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OosProvider other
                && Objects.equals(oosAuth, other.oosAuth);
    }

    @Override
    public int hashCode() {
        return Objects.hash(oosAuth);
    }
}
