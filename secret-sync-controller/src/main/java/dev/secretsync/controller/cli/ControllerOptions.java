package dev.secretsync.controller.cli;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.k8s.store.GoDuration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The controller's flags. The first group has ack-secret-manager's names and defaults; booleans
 * also take Go's {@code --flag=true|false} form, durations Go's syntax ({@code 2m}, {@code 1h30m}).
 */
public final class ControllerOptions {

    // ---- ack-secret-manager's flags ----
    @Option(names = "--backend", defaultValue = "alicloud-kms", description = "Secret backend; only alicloud-kms (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--region", description = "Region of the default KMS endpoint, e.g. cn-hangzhou (else ALIBABA_CLOUD_REGION_ID / ALICLOUD_REGION).")
    String region;

    @Option(names = "--polling-interval", defaultValue = "120s", converter = GoDurationConverter.class,
            description = "Refresh interval unless a resource sets rotationInterval; Go syntax (default: ${DEFAULT-VALUE}).")
    Duration pollingInterval;

    @Option(names = "--disable-polling", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Fetch on changes only (default: ${DEFAULT-VALUE}).")
    boolean disablePolling;

    @Option(names = "--reconcile-count", defaultValue = "1", description = "Reconcile workers (default: ${DEFAULT-VALUE}).")
    int reconcileCount;

    @Option(names = "--watch-namespaces", split = ",", defaultValue = "${env:WATCH_NAMESPACE:-}",
            description = "Namespaces to watch, comma separated (default: WATCH_NAMESPACE, else all).")
    List<String> watchNamespaces = List.of();

    @Option(names = "--exclude-namespaces", split = ",", description = "Namespaces to ignore, comma separated.")
    List<String> excludeNamespaces = List.of();

    @Option(names = "--max-concurrent-kms-secret-pulls", defaultValue = "10",
            description = "KMS requests per second per store (default: ${DEFAULT-VALUE}).")
    double maxKmsPulls;

    @Option(names = "--max-concurrent-oos-secret-pulls", defaultValue = "10",
            description = "OOS requests per second per store (default: ${DEFAULT-VALUE}).")
    double maxOosPulls;

    @Option(names = "--enable-worker-role", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "The ECS instance RAM role (metadata service) as the last sign-in tier of every store (default: ${DEFAULT-VALUE}).")
    boolean enableWorkerRole;

    @Option(names = "--kms-endpoint", description = "KMS endpoint instead of kms-vpc.<region>.aliyuncs.com.")
    String kmsEndpoint;

    @Option(names = "--cleanup-secret-on-failure", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Delete the Secret when every key of a resource fails (default: ${DEFAULT-VALUE}).")
    boolean cleanupSecretOnFailure;

    @Mixin
    ResourceScopeOptions scope = new ResourceScopeOptions();

    @Option(names = "--enable-cross-namespace-auth-ref", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Allow store credentials in other namespaces (default: ${DEFAULT-VALUE}).")
    boolean enableCrossNamespaceAuthRef;

    @Option(names = "--cluster-id", description = "The ACK cluster id (with --uid: the default RRSA provider ack-rrsa-<cluster-id>).")
    String clusterId;

    @Option(names = "--uid", description = "The Alibaba Cloud account id (of the default RRSA provider ARN).")
    String uid;

    // ---- ours ----
    @Option(names = "--jitter", defaultValue = "0.1",
            description = "Each refresh period is the interval times [1-jitter, 1+jitter] (default: ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--leader-elect", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Elect a leader on a Lease; followers wait (default: ${DEFAULT-VALUE}).")
    boolean leaderElect;

    @Option(names = "--leader-election-lease", defaultValue = "secret-sync-controller-lock",
            description = "Lease name (default: ${DEFAULT-VALUE}).")
    String leaseName;

    @Option(names = "--leader-election-namespace",
            description = "Lease namespace (default: the client's namespace; in a pod, its own).")
    String leaseNamespace;

    @Option(names = "--leader-election-lease-duration", defaultValue = "15s", converter = GoDurationConverter.class,
            description = "How long a lease holds (default: ${DEFAULT-VALUE}).")
    Duration leaseDuration;

    @Option(names = "--leader-election-renew-deadline", defaultValue = "10s", converter = GoDurationConverter.class,
            description = "How long the leader tries to renew (default: ${DEFAULT-VALUE}).")
    Duration renewDeadline;

    @Option(names = "--leader-election-retry-period", defaultValue = "2s", converter = GoDurationConverter.class,
            description = "Time between lease attempts (default: ${DEFAULT-VALUE}).")
    Duration retryPeriod;

    // ---- accepted for compatibility with ack-secret-manager's charts; no effect ----
    @Option(names = "--reconcile-period", hidden = true, converter = GoDurationConverter.class,
            description = "Accepted for compatibility; no effect.")
    Duration ignoredReconcilePeriod;

    @Option(names = "--token-rotation-period", hidden = true, converter = GoDurationConverter.class,
            description = "Accepted for compatibility; no effect: credentials refresh before they expire.")
    Duration ignoredTokenRotationPeriod;

    @Option(names = "--max-concurrent-secret-pulls", hidden = true, description = "Deprecated in ack-secret-manager; no effect.")
    double ignoredPulls;

    /** ack-secret-manager's name of {@code --leader-elect}, which its charts pass: hidden, so that help shows one name. */
    @Option(names = "--enable-leader-election", hidden = true, arity = "0..1", fallbackValue = "true",
            description = "Same as --leader-elect.")
    Boolean enableLeaderElection;

    /** The settings these flags describe; messages of invalid values name the flag. */
    public ControllerSettings toSettings() {
        return scope.applyTo(ControllerSettings.builder())
                .backend(backend)
                .region(region)
                .pollingInterval(pollingInterval)
                .disablePolling(disablePolling)
                .reconcileCount(reconcileCount)
                .watchNamespaces(namespaces(watchNamespaces))
                .excludeNamespaces(namespaces(excludeNamespaces))
                .maxKmsPullsPerSecond(maxKmsPulls)
                .maxOosPullsPerSecond(maxOosPulls)
                .enableWorkerRole(enableWorkerRole)
                .kmsEndpoint(kmsEndpoint)
                .cleanupSecretOnFailure(cleanupSecretOnFailure)
                .enableCrossNamespaceAuthRef(enableCrossNamespaceAuthRef)
                .clusterId(clusterId)
                .uid(uid)
                .jitter(jitter)
                .leaderElection(enableLeaderElection != null ? enableLeaderElection : leaderElect)
                .leaseName(leaseName)
                .leaseNamespace(leaseNamespace)
                .leaseDuration(leaseDuration)
                .renewDeadline(renewDeadline)
                .retryPeriod(retryPeriod)
                .build();
    }

    /** Comma-separated lists as ack-secret-manager takes them: blanks dropped, spaces trimmed. */
    private static Set<String> namespaces(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        if (values != null) {
            values.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                    .filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    /** Go's duration syntax: {@code 90s}, {@code 2m}, {@code 1h30m}, {@code 500ms}; errors worded as Go words them. */
    public static final class GoDurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return GoDuration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
