package dev.secretsync.k8s.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;
import java.util.Objects;

/** What an ExternalSecret syncs: ack-secret-manager's fields plus secret-sync's additions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"provider", "data", "dataProcess", "type", "target", "rotationInterval", "refreshPolicy", "rolloutRestart"})
public class ExternalSecretSpec {

    @JsonPropertyDescription("kms (default) or oos.")
    @JsonProperty("provider")
    private String provider;

    @JsonPropertyDescription("One entry per KMS secret; each becomes one Secret key (or several with jmesPath).")
    @JsonProperty("data")
    private List<DataSource> data;

    @JsonPropertyDescription("Secrets whose JSON or YAML top-level keys become Secret keys, with key rewrite rules.")
    @JsonProperty("dataProcess")
    private List<DataProcess> dataProcess;

    @JsonPropertyDescription("The Secret's type (default Opaque); target.template.type wins over it.")
    @JsonProperty("type")
    private String type;

    @JsonPropertyDescription("Where and how the Secret is written.")
    @JsonProperty("target")
    private ExternalSecretTarget target;

    @JsonPropertyDescription("Go duration (for example 120s, 1h): overrides the controller's polling interval.")
    @JsonProperty("rotationInterval")
    private String rotationInterval;

    @JsonPropertyDescription("secret-sync: Periodic (default: every rotationInterval), CreatedOnce (write once, never refresh), OnChange (only when the resource changes or a refresh is requested).")
    @Pattern("^(Periodic|CreatedOnce|OnChange)$")
    @JsonProperty("refreshPolicy")
    private String refreshPolicy;

    @JsonPropertyDescription("secret-sync: workloads restarted (pod template annotation) after the Secret's content changed.")
    @JsonProperty("rolloutRestart")
    private List<RolloutRestartTarget> rolloutRestart;

    @JsonProperty("provider")
    public String getProvider() {
        return provider;
    }

    @JsonProperty("provider")
    public void setProvider(String provider) {
        this.provider = provider;
    }

    @JsonProperty("data")
    public List<DataSource> getData() {
        return data;
    }

    @JsonProperty("data")
    public void setData(List<DataSource> data) {
        this.data = data;
    }

    @JsonProperty("dataProcess")
    public List<DataProcess> getDataProcess() {
        return dataProcess;
    }

    @JsonProperty("dataProcess")
    public void setDataProcess(List<DataProcess> dataProcess) {
        this.dataProcess = dataProcess;
    }

    @JsonProperty("type")
    public String getType() {
        return type;
    }

    @JsonProperty("type")
    public void setType(String type) {
        this.type = type;
    }

    @JsonProperty("target")
    public ExternalSecretTarget getTarget() {
        return target;
    }

    @JsonProperty("target")
    public void setTarget(ExternalSecretTarget target) {
        this.target = target;
    }

    @JsonProperty("rotationInterval")
    public String getRotationInterval() {
        return rotationInterval;
    }

    @JsonProperty("rotationInterval")
    public void setRotationInterval(String rotationInterval) {
        this.rotationInterval = rotationInterval;
    }

    @JsonProperty("refreshPolicy")
    public String getRefreshPolicy() {
        return refreshPolicy;
    }

    @JsonProperty("refreshPolicy")
    public void setRefreshPolicy(String refreshPolicy) {
        this.refreshPolicy = refreshPolicy;
    }

    @JsonProperty("rolloutRestart")
    public List<RolloutRestartTarget> getRolloutRestart() {
        return rolloutRestart;
    }

    @JsonProperty("rolloutRestart")
    public void setRolloutRestart(List<RolloutRestartTarget> rolloutRestart) {
        this.rolloutRestart = rolloutRestart;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExternalSecretSpec other
                && Objects.equals(provider, other.provider)
                && Objects.equals(data, other.data)
                && Objects.equals(dataProcess, other.dataProcess)
                && Objects.equals(type, other.type)
                && Objects.equals(target, other.target)
                && Objects.equals(rotationInterval, other.rotationInterval)
                && Objects.equals(refreshPolicy, other.refreshPolicy)
                && Objects.equals(rolloutRestart, other.rolloutRestart);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, data, dataProcess, type, target, rotationInterval, refreshPolicy, rolloutRestart);
    }
}
