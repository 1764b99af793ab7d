package dev.secretsync.controller.settings;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the controller is told at start-up. Immutable; build with {@link #builder()}.
 *
 * <p>The first group mirrors ack-secret-manager's flags one to one (same meaning, same defaults),
 * so its manifests and Helm values keep working. The second group is ours.
 */
public final class ControllerSettings {

    // ---- ack-secret-manager's flags ----
    private final String backend;
    private final String region;
    private final Duration pollingInterval;
    private final boolean disablePolling;
    private final int reconcileCount;
    private final Set<String> watchNamespaces;
    private final Set<String> excludeNamespaces;
    private final double maxKmsPullsPerSecond;
    private final double maxOosPullsPerSecond;
    private final boolean enableWorkerRole;
    private final String kmsEndpoint;
    private final boolean cleanupSecretOnFailure;
    private final boolean processClusterSecretStore;
    private final boolean processClusterExternalSecret;
    private final boolean enableCrossNamespaceSecretStore;
    private final boolean enableCrossNamespaceAuthRef;
    private final String clusterId;
    private final String uid;

    // ---- ours ----
    private final double jitter;
    private final boolean leaderElection;
    private final String leaseName;
    private final String leaseNamespace;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final boolean allowLoopbackEndpoints;

    private ControllerSettings(Builder b) {
        this.backend = b.backend;
        this.region = b.region;
        this.pollingInterval = b.pollingInterval;
        this.disablePolling = b.disablePolling;
        this.reconcileCount = b.reconcileCount;
        this.watchNamespaces = Set.copyOf(b.watchNamespaces);
        this.excludeNamespaces = Set.copyOf(b.excludeNamespaces);
        this.maxKmsPullsPerSecond = b.maxKmsPullsPerSecond;
        this.maxOosPullsPerSecond = b.maxOosPullsPerSecond;
        this.enableWorkerRole = b.enableWorkerRole;
        this.kmsEndpoint = b.kmsEndpoint;
        this.cleanupSecretOnFailure = b.cleanupSecretOnFailure;
        this.processClusterSecretStore = b.processClusterSecretStore;
        this.processClusterExternalSecret = b.processClusterExternalSecret;
        this.enableCrossNamespaceSecretStore = b.enableCrossNamespaceSecretStore;
        this.enableCrossNamespaceAuthRef = b.enableCrossNamespaceAuthRef;
        this.clusterId = b.clusterId;
        this.uid = b.uid;
        this.jitter = b.jitter;
        this.leaderElection = b.leaderElection;
        this.leaseName = b.leaseName;
        this.leaseNamespace = b.leaseNamespace;
        this.leaseDuration = b.leaseDuration;
        this.renewDeadline = b.renewDeadline;
        this.retryPeriod = b.retryPeriod;
        this.allowLoopbackEndpoints = b.allowLoopbackEndpoints;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ControllerSettings defaults() {
        return builder().build();
    }

    /** {@code --backend}: only {@code alicloud-kms} is served. */
    public String backend() { return backend; }
    /** {@code --region}: the region of the default KMS endpoint; empty means "from the environment". */
    public Optional<String> region() { return Optional.ofNullable(region); }
    /** {@code --polling-interval} (120 s): refresh interval unless a resource sets {@code rotationInterval}. */
    public Duration pollingInterval() { return pollingInterval; }
    /** {@code --disable-polling}: fetch on changes only. */
    public boolean disablePolling() { return disablePolling; }
    /** {@code --reconcile-count} (1): reconcile workers. */
    public int reconcileCount() { return reconcileCount; }
    /** {@code --watch-namespaces}: empty means all. */
    public Set<String> watchNamespaces() { return watchNamespaces; }
    /** {@code --exclude-namespaces}. */
    public Set<String> excludeNamespaces() { return excludeNamespaces; }
    /** {@code --max-concurrent-kms-secret-pulls} (10): KMS requests per second per store. */
    public double maxKmsPullsPerSecond() { return maxKmsPullsPerSecond; }
    /** {@code --max-concurrent-oos-secret-pulls} (10): OOS requests per second per store. */
    public double maxOosPullsPerSecond() { return maxOosPullsPerSecond; }
    /** {@code --enable-worker-role}: the ECS instance RAM role as the last sign-in tier of every store. */
    public boolean enableWorkerRole() { return enableWorkerRole; }
    /** {@code --kms-endpoint}: overrides the region's default endpoint. */
    public Optional<String> kmsEndpoint() { return Optional.ofNullable(kmsEndpoint); }
    /** {@code --cleanup-secret-on-failure}: delete the Secret when every key of a resource fails. */
    public boolean cleanupSecretOnFailure() { return cleanupSecretOnFailure; }
    /** {@code --process-cluster-secret-store} (true). */
    public boolean processClusterSecretStore() { return processClusterSecretStore; }
    /** {@code --process-cluster-external-secret} (true). */
    public boolean processClusterExternalSecret() { return processClusterExternalSecret; }
    /** {@code --enable-cross-namespace-secret-store}: allow {@code secretStoreRef.namespace}. */
    public boolean enableCrossNamespaceSecretStore() { return enableCrossNamespaceSecretStore; }
    /** {@code --enable-cross-namespace-auth-ref}: allow credential Secrets in other namespaces. */
    public boolean enableCrossNamespaceAuthRef() { return enableCrossNamespaceAuthRef; }
    /** {@code --cluster-id}: with {@code --uid}, the default RRSA provider {@code ack-rrsa-<cluster-id>}. */
    public Optional<String> clusterId() { return Optional.ofNullable(clusterId); }
    /** {@code --uid}: the account id of the default RRSA provider ARN. */
    public Optional<String> uid() { return Optional.ofNullable(uid); }

    /** {@code --jitter} (0.1): each refresh period is the interval times [1-jitter, 1+jitter]. */
    public double jitter() { return jitter; }
    /** {@code --leader-elect} (true). */
    public boolean leaderElection() { return leaderElection; }
    /** {@code --leader-election-lease} (secret-sync-controller-lock). */
    public String leaseName() { return leaseName; }
    /** {@code --leader-election-namespace}: empty means the pod's own namespace. */
    public Optional<String> leaseNamespace() { return Optional.ofNullable(leaseNamespace); }
    public Duration leaseDuration() { return leaseDuration; }
    public Duration renewDeadline() { return renewDeadline; }
    public Duration retryPeriod() { return retryPeriod; }
    /** Accept loopback KMS endpoints: for the local demo and tests only. */
    public boolean allowLoopbackEndpoints() { return allowLoopbackEndpoints; }

    /**
     * Whether resources in {@code namespace} are served: not excluded, and watched (every namespace
     * unless {@code --watch-namespaces} names some). Cluster-scoped resources ({@code null}) are.
     */
    public boolean watches(String namespace) {
        return namespace == null || !excludeNamespaces.contains(namespace)
                && (watchNamespaces.isEmpty() || watchNamespaces.contains(namespace));
    }

    /** The refresh interval for a resource that may set its own. */
    public Duration intervalFor(Duration resourceInterval) {
        return resourceInterval != null ? resourceInterval : pollingInterval;
    }

    @Override
    public String toString() {
        return "ControllerSettings[backend=" + backend + ", region=" + region + ", pollingInterval=" + pollingInterval
                + ", disablePolling=" + disablePolling + ", reconcileCount=" + reconcileCount
                + ", watchNamespaces=" + watchNamespaces + ", excludeNamespaces=" + excludeNamespaces
                + ", maxKmsPullsPerSecond=" + maxKmsPullsPerSecond + ", kmsEndpoint=" + kmsEndpoint
                + ", cleanupSecretOnFailure=" + cleanupSecretOnFailure + ", leaderElection=" + leaderElection
                + ", leaseName=" + leaseName + "]";
    }

    /** Validates each setting as it is given; messages name the flag. */
    public static final class Builder {
        private String backend = "alicloud-kms";
        private String region;
        private Duration pollingInterval = Duration.ofSeconds(120);
        private boolean disablePolling;
        private int reconcileCount = 1;
        private Set<String> watchNamespaces = Set.of();
        private Set<String> excludeNamespaces = Set.of();
        private double maxKmsPullsPerSecond = 10;
        private double maxOosPullsPerSecond = 10;
        private boolean enableWorkerRole;
        private String kmsEndpoint;
        private boolean cleanupSecretOnFailure;
        private boolean processClusterSecretStore = true;
        private boolean processClusterExternalSecret = true;
        private boolean enableCrossNamespaceSecretStore;
        private boolean enableCrossNamespaceAuthRef;
        private String clusterId;
        private String uid;
        private double jitter = 0.1;
        private boolean leaderElection = true;
        private String leaseName = "secret-sync-controller-lock";
        private String leaseNamespace;
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration renewDeadline = Duration.ofSeconds(10);
        private Duration retryPeriod = Duration.ofSeconds(2);
        private boolean allowLoopbackEndpoints;

        private Builder() {
        }

        public Builder backend(String backend) {
            if (!"alicloud-kms".equals(backend)) {
                throw new IllegalArgumentException("--backend: only 'alicloud-kms' is supported, got '" + backend + "'");
            }
            this.backend = backend;
            return this;
        }

        public Builder region(String region) {
            this.region = blankToNull(region);
            return this;
        }

        public Builder pollingInterval(Duration interval) {
            this.pollingInterval = positive(interval, "--polling-interval");
            return this;
        }

        public Builder disablePolling(boolean disablePolling) {
            this.disablePolling = disablePolling;
            return this;
        }

        public Builder reconcileCount(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("--reconcile-count must be at least 1, got " + count);
            }
            this.reconcileCount = count;
            return this;
        }

        public Builder watchNamespaces(Set<String> namespaces) {
            this.watchNamespaces = Set.copyOf(Objects.requireNonNull(namespaces, "--watch-namespaces"));
            return this;
        }

        public Builder excludeNamespaces(Set<String> namespaces) {
            this.excludeNamespaces = Set.copyOf(Objects.requireNonNull(namespaces, "--exclude-namespaces"));
            return this;
        }

        public Builder maxKmsPullsPerSecond(double perSecond) {
            this.maxKmsPullsPerSecond = positive(perSecond, "--max-concurrent-kms-secret-pulls");
            return this;
        }

        public Builder maxOosPullsPerSecond(double perSecond) {
            this.maxOosPullsPerSecond = positive(perSecond, "--max-concurrent-oos-secret-pulls");
            return this;
        }

        public Builder enableWorkerRole(boolean enable) {
            this.enableWorkerRole = enable;
            return this;
        }

        public Builder kmsEndpoint(String endpoint) {
            this.kmsEndpoint = blankToNull(endpoint);
            return this;
        }

        public Builder cleanupSecretOnFailure(boolean cleanup) {
            this.cleanupSecretOnFailure = cleanup;
            return this;
        }

        public Builder processClusterSecretStore(boolean process) {
            this.processClusterSecretStore = process;
            return this;
        }

        public Builder processClusterExternalSecret(boolean process) {
            this.processClusterExternalSecret = process;
            return this;
        }

        public Builder enableCrossNamespaceSecretStore(boolean enable) {
            this.enableCrossNamespaceSecretStore = enable;
            return this;
        }

        public Builder enableCrossNamespaceAuthRef(boolean enable) {
            this.enableCrossNamespaceAuthRef = enable;
            return this;
        }

        public Builder clusterId(String clusterId) {
            this.clusterId = blankToNull(clusterId);
            return this;
        }

        public Builder uid(String uid) {
            String value = blankToNull(uid);
            if (value != null && !value.matches("\\d{1,19}")) {
                throw new IllegalArgumentException("--uid must be the Alibaba Cloud account id (digits), got '" + value + "'");
            }
            this.uid = value;
            return this;
        }

        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("--jitter must be in [0, 1), got " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        public Builder leaderElection(boolean enabled) {
            this.leaderElection = enabled;
            return this;
        }

        public Builder leaseName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("--leader-election-lease must not be blank");
            }
            this.leaseName = name;
            return this;
        }

        public Builder leaseNamespace(String namespace) {
            this.leaseNamespace = blankToNull(namespace);
            return this;
        }

        public Builder leaseDuration(Duration d) {
            this.leaseDuration = positive(d, "--leader-election-lease-duration");
            return this;
        }

        public Builder renewDeadline(Duration d) {
            this.renewDeadline = positive(d, "--leader-election-renew-deadline");
            return this;
        }

        public Builder retryPeriod(Duration d) {
            this.retryPeriod = positive(d, "--leader-election-retry-period");
            return this;
        }

        public Builder allowLoopbackEndpoints(boolean allow) {
            this.allowLoopbackEndpoints = allow;
            return this;
        }

        public ControllerSettings build() {
            if (renewDeadline.compareTo(leaseDuration) >= 0) {
                throw new IllegalArgumentException("--leader-election-renew-deadline (" + renewDeadline
                        + ") must be shorter than --leader-election-lease-duration (" + leaseDuration + ")");
            }
            if (retryPeriod.compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException("--leader-election-retry-period (" + retryPeriod
                        + ") must be shorter than --leader-election-renew-deadline (" + renewDeadline + ")");
            }
            return new ControllerSettings(this);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }

        private static Duration positive(Duration d, String flag) {
            Objects.requireNonNull(d, flag);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(flag + " must be positive, got " + d);
            }
            return d;
        }

        private static double positive(double v, String flag) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(flag + " must be a positive number, got " + v);
            }
            return v;
        }
    }
}
