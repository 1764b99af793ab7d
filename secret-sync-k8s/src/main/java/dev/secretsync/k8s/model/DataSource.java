package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Objects;

/** One KMS secret to read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"secretStoreRef", "key", "name", "versionStage", "versionId", "jmesPath", "kmsEndpoint"})
public class DataSource {

    @JsonPropertyDescription("The store to read from; none: the controller's own credentials.")
    @JsonProperty("secretStoreRef")
    private SecretStoreRef secretStoreRef;

    @JsonPropertyDescription("The KMS secret name.")
    @Required
    @JsonProperty("key")
    private String key;

    @JsonPropertyDescription("The Secret data key; default: key.")
    @JsonProperty("name")
    private String name;

    @JsonProperty("versionStage")
    private String versionStage;

    @JsonProperty("versionId")
    private String versionId;

    @JsonPropertyDescription("JSON/YAML values to extract into their own keys.")
    @JsonProperty("jmesPath")
    private List<JmesPathObject> jmesPath;

    @JsonPropertyDescription("KMS endpoint for this entry (checked against the accepted endpoint names).")
    @JsonProperty("kmsEndpoint")
    private String kmsEndpoint;

    @JsonProperty("secretStoreRef")
    public SecretStoreRef getSecretStoreRef() {
        return secretStoreRef;
    }

    @JsonProperty("secretStoreRef")
    public void setSecretStoreRef(SecretStoreRef secretStoreRef) {
        this.secretStoreRef = secretStoreRef;
    }

    @JsonProperty("key")
    public String getKey() {
        return key;
    }

    @JsonProperty("key")
    public void setKey(String key) {
        this.key = key;
    }

    @JsonProperty("name")
    public String getName() {
        return name;
    }

    @JsonProperty("name")
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty("versionStage")
    public String getVersionStage() {
        return versionStage;
    }

    @JsonProperty("versionStage")
    public void setVersionStage(String versionStage) {
        this.versionStage = versionStage;
    }

    @JsonProperty("versionId")
    public String getVersionId() {
        return versionId;
    }

    @JsonProperty("versionId")
    public void setVersionId(String versionId) {
        this.versionId = versionId;
    }

    @JsonProperty("jmesPath")
    public List<JmesPathObject> getJmesPath() {
        return jmesPath;
    }

    @JsonProperty("jmesPath")
    public void setJmesPath(List<JmesPathObject> jmesPath) {
        this.jmesPath = jmesPath;
    }

    @JsonProperty("kmsEndpoint")
    public String getKmsEndpoint() {
        return kmsEndpoint;
    }

    @JsonProperty("kmsEndpoint")
    public void setKmsEndpoint(String kmsEndpoint) {
        this.kmsEndpoint = kmsEndpoint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSource other
                && Objects.equals(secretStoreRef, other.secretStoreRef)
                && Objects.equals(key, other.key)
                && Objects.equals(name, other.name)
                && Objects.equals(versionStage, other.versionStage)
                && Objects.equals(versionId, other.versionId)
                && Objects.equals(jmesPath, other.jmesPath)
                && Objects.equals(kmsEndpoint, other.kmsEndpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(secretStoreRef, key, name, versionStage, versionId, jmesPath, kmsEndpoint);
    }
}
