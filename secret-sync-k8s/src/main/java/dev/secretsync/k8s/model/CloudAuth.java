package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** RAM sign-in settings (the shape of ack-secret-manager's KMSAuth and OOSAuth). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"accessKey", "accessKeySecret", "ramRoleARN", "ramRoleSessionName", "oidcProviderARN", "oidcTokenFilePath", "roleSessionExpiration", "remoteRamRoleARN", "remoteRamRoleSessionName", "serviceAccountRef"})
public class CloudAuth {

    @JsonProperty("accessKey")
    private SecretRef accessKey;

    @JsonProperty("accessKeySecret")
    private SecretRef accessKeySecret;

    @JsonProperty("ramRoleARN")
    private String ramRoleARN;

    @JsonProperty("ramRoleSessionName")
    private String ramRoleSessionName;

    @JsonProperty("oidcProviderARN")
    private String oidcProviderARN;

    @JsonProperty("oidcTokenFilePath")
    private String oidcTokenFilePath;

    @JsonPropertyDescription("Seconds (for example 3600) or a Go duration.")
    @JsonProperty("roleSessionExpiration")
    private String roleSessionExpiration;

    @JsonPropertyDescription("A further (cross-account) role assumed on top of the chain.")
    @JsonProperty("remoteRamRoleARN")
    private String remoteRamRoleARN;

    @JsonProperty("remoteRamRoleSessionName")
    private String remoteRamRoleSessionName;

    @JsonProperty("serviceAccountRef")
    private ServiceAccountRef serviceAccountRef;

    @JsonProperty("accessKey")
    public SecretRef getAccessKey() {
        return accessKey;
    }

    @JsonProperty("accessKey")
    public void setAccessKey(SecretRef accessKey) {
        this.accessKey = accessKey;
    }

    @JsonProperty("accessKeySecret")
    public SecretRef getAccessKeySecret() {
        return accessKeySecret;
    }

    @JsonProperty("accessKeySecret")
    public void setAccessKeySecret(SecretRef accessKeySecret) {
        this.accessKeySecret = accessKeySecret;
    }

    @JsonProperty("ramRoleARN")
    public String getRamRoleARN() {
        return ramRoleARN;
    }

    @JsonProperty("ramRoleARN")
    public void setRamRoleARN(String ramRoleARN) {
        this.ramRoleARN = ramRoleARN;
    }

    @JsonProperty("ramRoleSessionName")
    public String getRamRoleSessionName() {
        return ramRoleSessionName;
    }

    @JsonProperty("ramRoleSessionName")
    public void setRamRoleSessionName(String ramRoleSessionName) {
        this.ramRoleSessionName = ramRoleSessionName;
    }

    @JsonProperty("oidcProviderARN")
    public String getOidcProviderARN() {
        return oidcProviderARN;
    }

    @JsonProperty("oidcProviderARN")
    public void setOidcProviderARN(String oidcProviderARN) {
        this.oidcProviderARN = oidcProviderARN;
    }

    @JsonProperty("oidcTokenFilePath")
    public String getOidcTokenFilePath() {
        return oidcTokenFilePath;
    }

    @JsonProperty("oidcTokenFilePath")
    public void setOidcTokenFilePath(String oidcTokenFilePath) {
        this.oidcTokenFilePath = oidcTokenFilePath;
    }

    @JsonProperty("roleSessionExpiration")
    public String getRoleSessionExpiration() {
        return roleSessionExpiration;
    }

    @JsonProperty("roleSessionExpiration")
    public void setRoleSessionExpiration(String roleSessionExpiration) {
        this.roleSessionExpiration = roleSessionExpiration;
    }

    @JsonProperty("remoteRamRoleARN")
    public String getRemoteRamRoleARN() {
        return remoteRamRoleARN;
    }

    @JsonProperty("remoteRamRoleARN")
    public void setRemoteRamRoleARN(String remoteRamRoleARN) {
        this.remoteRamRoleARN = remoteRamRoleARN;
    }

    @JsonProperty("remoteRamRoleSessionName")
    public String getRemoteRamRoleSessionName() {
        return remoteRamRoleSessionName;
    }

    @JsonProperty("remoteRamRoleSessionName")
    public void setRemoteRamRoleSessionName(String remoteRamRoleSessionName) {
        this.remoteRamRoleSessionName = remoteRamRoleSessionName;
    }

    @JsonProperty("serviceAccountRef")
    public ServiceAccountRef getServiceAccountRef() {
        return serviceAccountRef;
    }

    @JsonProperty("serviceAccountRef")
    public void setServiceAccountRef(ServiceAccountRef serviceAccountRef) {
        this.serviceAccountRef = serviceAccountRef;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CloudAuth other
                && Objects.equals(accessKey, other.accessKey)
                && Objects.equals(accessKeySecret, other.accessKeySecret)
                && Objects.equals(ramRoleARN, other.ramRoleARN)
                && Objects.equals(ramRoleSessionName, other.ramRoleSessionName)
                && Objects.equals(oidcProviderARN, other.oidcProviderARN)
                && Objects.equals(oidcTokenFilePath, other.oidcTokenFilePath)
                && Objects.equals(roleSessionExpiration, other.roleSessionExpiration)
                && Objects.equals(remoteRamRoleARN, other.remoteRamRoleARN)
                && Objects.equals(remoteRamRoleSessionName, other.remoteRamRoleSessionName)
                && Objects.equals(serviceAccountRef, other.serviceAccountRef);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessKey, accessKeySecret, ramRoleARN, ramRoleSessionName, oidcProviderARN, oidcTokenFilePath, roleSessionExpiration, remoteRamRoleARN, remoteRamRoleSessionName, serviceAccountRef);
    }
}
