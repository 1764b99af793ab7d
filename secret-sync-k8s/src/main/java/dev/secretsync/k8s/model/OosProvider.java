package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

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
}
