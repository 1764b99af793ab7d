package dev.secretsync.spring.config;

import dev.secretsync.core.embedded.StaleReads;
import dev.secretsync.kms.KmsStoreConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code secret-sync.*}. Secret material (an AccessKey secret, a Client Key
 * password) may be set here but is never shown by {@code toString()} or the actuator endpoint.
 */
@ConfigurationProperties(prefix = SecretSyncProperties.PREFIX)
public class SecretSyncProperties {

    public static final String PREFIX = "secret-sync";

    /** Whether the starter is active at all. */
    private boolean enabled = true;

    /** How often each secret is refreshed. */
    private Duration refreshInterval = Duration.ofMinutes(2);

    /** Each refresh period is the interval times a random factor in [1-jitter, 1+jitter]. */
    private double jitter = 0.1;

    /** Beyond this age a value counts as stale (health DOWN for required secrets). Default: five refresh intervals. */
    private Duration maxStaleness;

    /** What a read does past the max staleness: SERVE the last value (default) or FAIL. */
    private StaleReads staleReads = StaleReads.SERVE;

    /** How long start-up (config import) and a first read wait for a secret. */
    private Duration firstReadTimeout = Duration.ofSeconds(10);

    /** Secrets the health indicator requires besides non-optional imports and the DataSource secret. */
    private List<String> required = new ArrayList<>();

    private final Refresh refresh = new Refresh();

    private final Kms kms = new Kms();

    private final Datasource datasource = new Datasource();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    public double getJitter() {
        return jitter;
    }

    public void setJitter(double jitter) {
        this.jitter = jitter;
    }

    public Duration getMaxStaleness() {
        return maxStaleness;
    }

    public void setMaxStaleness(Duration maxStaleness) {
        this.maxStaleness = maxStaleness;
    }

    public StaleReads getStaleReads() {
        return staleReads;
    }

    public void setStaleReads(StaleReads staleReads) {
        this.staleReads = staleReads;
    }

    public Duration getFirstReadTimeout() {
        return firstReadTimeout;
    }

    public void setFirstReadTimeout(Duration firstReadTimeout) {
        this.firstReadTimeout = firstReadTimeout;
    }

    public List<String> getRequired() {
        return required;
    }

    public void setRequired(List<String> required) {
        this.required = required;
    }

    public Refresh getRefresh() {
        return refresh;
    }

    public Kms getKms() {
        return kms;
    }

    public Datasource getDatasource() {
        return datasource;
    }

    @Override
    public String toString() {
        return "SecretSyncProperties[refreshInterval=" + refreshInterval + ", maxStaleness=" + maxStaleness
                + ", kms.region=" + kms.region + ", kms.auth.kind=" + kms.auth.kind + "]";
    }

    /** What happens when an imported secret changes. */
    public static class Refresh {

        /** Update imported property sources and publish SecretChangedEvent when secrets change. */
        private boolean enabled = true;

        /** Rebind @ConfigurationProperties beans after a change (without Spring Cloud; with it, Spring Cloud rebinds). */
        private boolean rebind = true;

        /** Bean classes never rebound in place (their configuration is sealed once started). */
        private List<String> neverRebind = new ArrayList<>(List.of("com.zaxxer.hikari.HikariDataSource"));

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isRebind() {
            return rebind;
        }

        public void setRebind(boolean rebind) {
            this.rebind = rebind;
        }

        public List<String> getNeverRebind() {
            return neverRebind;
        }

        public void setNeverRebind(List<String> neverRebind) {
            this.neverRebind = neverRebind;
        }
    }

    /** The KMS store that secrets are read from. */
    public static class Kms {

        /** Region id, for example cn-hangzhou. Setting it turns the KMS source on. */
        private String region;

        /** host[:port] instead of the region's endpoint (a KMS instance endpoint, or the local emulator). */
        private String endpoint;

        /** Use the public endpoint kms.REGION.aliyuncs.com instead of the VPC one. */
        private boolean publicEndpoint;

        /** HTTPS (default) or HTTP (loopback endpoints only). */
        private KmsStoreConfig.Protocol protocol = KmsStoreConfig.Protocol.HTTPS;

        /** PEM certificate(s) trusted for the KMS endpoint (a KMS instance's CA). */
        private String caPem;

        /** Accept loopback endpoints (tests and the local emulator only). */
        private boolean allowLoopbackEndpoint;

        private Duration connectTimeout = Duration.ofSeconds(5);

        private Duration readTimeout = Duration.ofSeconds(10);

        private final Auth auth = new Auth();

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public boolean isPublicEndpoint() {
            return publicEndpoint;
        }

        public void setPublicEndpoint(boolean publicEndpoint) {
            this.publicEndpoint = publicEndpoint;
        }

        public KmsStoreConfig.Protocol getProtocol() {
            return protocol;
        }

        public void setProtocol(KmsStoreConfig.Protocol protocol) {
            this.protocol = protocol;
        }

        public String getCaPem() {
            return caPem;
        }

        public void setCaPem(String caPem) {
            this.caPem = caPem;
        }

        public boolean isAllowLoopbackEndpoint() {
            return allowLoopbackEndpoint;
        }

        public void setAllowLoopbackEndpoint(boolean allowLoopbackEndpoint) {
            this.allowLoopbackEndpoint = allowLoopbackEndpoint;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        public Auth getAuth() {
            return auth;
        }
    }

    /** How to sign in to KMS. There is no implicit default credential chain. */
    public static class Auth {

        /** The sign-in path. */
        private AuthKind kind;

        private String accessKeyId;

        private String accessKeySecret;

        private String securityToken;

        /** RAM role ARN: assumed on top of the base credential, or the RRSA role for oidc-token-file. */
        private String roleArn;

        private String oidcProviderArn;

        private String oidcTokenFile;

        private String credentialsUri;

        /** ECS RAM role name (empty: the attached role). */
        private String ecsRoleName;

        /** Client Key JSON content (KMS instance application access point). */
        private String clientKey;

        private String clientKeyPassword;

        public AuthKind getKind() {
            return kind;
        }

        public void setKind(AuthKind kind) {
            this.kind = kind;
        }

        public String getAccessKeyId() {
            return accessKeyId;
        }

        public void setAccessKeyId(String accessKeyId) {
            this.accessKeyId = accessKeyId;
        }

        public String getAccessKeySecret() {
            return accessKeySecret;
        }

        public void setAccessKeySecret(String accessKeySecret) {
            this.accessKeySecret = accessKeySecret;
        }

        public String getSecurityToken() {
            return securityToken;
        }

        public void setSecurityToken(String securityToken) {
            this.securityToken = securityToken;
        }

        public String getRoleArn() {
            return roleArn;
        }

        public void setRoleArn(String roleArn) {
            this.roleArn = roleArn;
        }

        public String getOidcProviderArn() {
            return oidcProviderArn;
        }

        public void setOidcProviderArn(String oidcProviderArn) {
            this.oidcProviderArn = oidcProviderArn;
        }

        public String getOidcTokenFile() {
            return oidcTokenFile;
        }

        public void setOidcTokenFile(String oidcTokenFile) {
            this.oidcTokenFile = oidcTokenFile;
        }

        public String getCredentialsUri() {
            return credentialsUri;
        }

        public void setCredentialsUri(String credentialsUri) {
            this.credentialsUri = credentialsUri;
        }

        public String getEcsRoleName() {
            return ecsRoleName;
        }

        public void setEcsRoleName(String ecsRoleName) {
            this.ecsRoleName = ecsRoleName;
        }

        public String getClientKey() {
            return clientKey;
        }

        public void setClientKey(String clientKey) {
            this.clientKey = clientKey;
        }

        public String getClientKeyPassword() {
            return clientKeyPassword;
        }

        public void setClientKeyPassword(String clientKeyPassword) {
            this.clientKeyPassword = clientKeyPassword;
        }

        @Override
        public String toString() {
            return "Auth[kind=" + kind + "]";
        }
    }

    /** KMS sign-in paths (see KmsAuth). */
    public enum AuthKind {
        ACCESS_KEY, STS_TOKEN, OIDC_TOKEN_FILE, CREDENTIALS_URI, ECS_RAM_ROLE, CLIENT_KEY
    }

    /** HikariCP credential rotation. */
    public static class Datasource {

        /** Name of the secret holding the DataSource credentials; setting it turns rotation on. */
        private String secret;

        /** JSON field of the user name (left alone when the secret is not JSON or lacks it). */
        private String usernameKey = "username";

        /** JSON field of the password; a secret that is not JSON is the password itself. */
        private String passwordKey = "password";

        /** The DataSource bean to rotate; empty: every HikariDataSource in the context. */
        private String beanName;

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        public String getUsernameKey() {
            return usernameKey;
        }

        public void setUsernameKey(String usernameKey) {
            this.usernameKey = usernameKey;
        }

        public String getPasswordKey() {
            return passwordKey;
        }

        public void setPasswordKey(String passwordKey) {
            this.passwordKey = passwordKey;
        }

        public String getBeanName() {
            return beanName;
        }

        public void setBeanName(String beanName) {
            this.beanName = beanName;
        }
    }
}
