package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** A KMS instance's application access point with a Client Key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"protocol", "endpoint", "ca", "ignoreSSL", "clientKeyContent", "password"})
public class DedicatedKmsAuth {

    @JsonPropertyDescription("https (default).")
    @JsonProperty("protocol")
    private String protocol;

    @JsonPropertyDescription("The KMS instance id or its endpoint.")
    @JsonProperty("endpoint")
    private String endpoint;

    @JsonPropertyDescription("The KMS instance CA certificate, base64 of the PEM.")
    @JsonProperty("ca")
    private String ca;

    @JsonPropertyDescription("Refused when true: TLS verification stays on; set ca instead.")
    @JsonProperty("ignoreSSL")
    private Boolean ignoreSSL;

    @JsonProperty("clientKeyContent")
    private SecretRef clientKeyContent;

    @JsonProperty("password")
    private SecretRef password;

    @JsonProperty("protocol")
    public String getProtocol() {
        return protocol;
    }

    @JsonProperty("protocol")
    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    @JsonProperty("endpoint")
    public String getEndpoint() {
        return endpoint;
    }

    @JsonProperty("endpoint")
    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    @JsonProperty("ca")
    public String getCa() {
        return ca;
    }

    @JsonProperty("ca")
    public void setCa(String ca) {
        this.ca = ca;
    }

    @JsonProperty("ignoreSSL")
    public Boolean getIgnoreSSL() {
        return ignoreSSL;
    }

    @JsonProperty("ignoreSSL")
    public void setIgnoreSSL(Boolean ignoreSSL) {
        this.ignoreSSL = ignoreSSL;
    }

    @JsonProperty("clientKeyContent")
    public SecretRef getClientKeyContent() {
        return clientKeyContent;
    }

    @JsonProperty("clientKeyContent")
    public void setClientKeyContent(SecretRef clientKeyContent) {
        this.clientKeyContent = clientKeyContent;
    }

    @JsonProperty("password")
    public SecretRef getPassword() {
        return password;
    }

    @JsonProperty("password")
    public void setPassword(SecretRef password) {
        this.password = password;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DedicatedKmsAuth other
                && Objects.equals(protocol, other.protocol)
                && Objects.equals(endpoint, other.endpoint)
                && Objects.equals(ca, other.ca)
                && Objects.equals(ignoreSSL, other.ignoreSSL)
                && Objects.equals(clientKeyContent, other.clientKeyContent)
                && Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, endpoint, ca, ignoreSSL, clientKeyContent, password);
    }
}
