package dev.secretsync.controller.cli;

import dev.secretsync.controller.settings.ControllerSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerOptionsTest {

    private static ControllerSettings parse(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run.controller.toSettings();
    }

    @Test
    void defaultsAreAckSecretManagers() {
        ControllerSettings s = parse();
        assertThat(s.backend()).isEqualTo("alicloud-kms");
        assertThat(s.region()).isEmpty();
        assertThat(s.pollingInterval()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.disablePolling()).isFalse();
        assertThat(s.reconcileCount()).isEqualTo(1);
        assertThat(s.watchNamespaces()).isEmpty();
        assertThat(s.excludeNamespaces()).isEmpty();
        assertThat(s.maxKmsPullsPerSecond()).isEqualTo(10);
        assertThat(s.maxOosPullsPerSecond()).isEqualTo(10);
        assertThat(s.enableWorkerRole()).isFalse();
        assertThat(s.kmsEndpoint()).isEmpty();
        assertThat(s.cleanupSecretOnFailure()).isFalse();
        assertThat(s.processClusterSecretStore()).isTrue();
        assertThat(s.processClusterExternalSecret()).isTrue();
        assertThat(s.enableCrossNamespaceSecretStore()).isFalse();
        assertThat(s.enableCrossNamespaceAuthRef()).isFalse();
        assertThat(s.clusterId()).isEmpty();
        assertThat(s.uid()).isEmpty();
        assertThat(s.jitter()).isEqualTo(0.1);
        assertThat(s.leaderElection()).isTrue();
        assertThat(s.leaseName()).isEqualTo("secret-sync-controller-lock");
    }

    @Test
    void everyAckSecretManagerFlagIsAccepted() {
        ControllerSettings s = parse("--backend=alicloud-kms", "--region=cn-hangzhou", "--polling-interval=1h30m",
                "--disable-polling", "--reconcile-count=4", "--watch-namespaces=a,b", "--watch-namespaces", "c",
                "--exclude-namespaces= kube-system , ", "--max-concurrent-kms-secret-pulls=25",
                "--max-concurrent-oos-secret-pulls=3", "--enable-worker-role=true",
                "--kms-endpoint=kst-abc.cryptoservice.kms.aliyuncs.com", "--cleanup-secret-on-failure",
                "--process-cluster-secret-store=false", "--process-cluster-external-secret=false",
                "--enable-cross-namespace-secret-store=true", "--enable-cross-namespace-auth-ref",
                "--cluster-id=c0123", "--uid=1234567890123456");
        assertThat(s.region()).contains("cn-hangzhou");
        assertThat(s.pollingInterval()).isEqualTo(Duration.ofMinutes(90));
        assertThat(s.disablePolling()).isTrue();
        assertThat(s.reconcileCount()).isEqualTo(4);
        assertThat(s.watchNamespaces()).isEqualTo(Set.of("a", "b", "c"));
        assertThat(s.excludeNamespaces()).isEqualTo(Set.of("kube-system"));
        assertThat(s.maxKmsPullsPerSecond()).isEqualTo(25);
        assertThat(s.maxOosPullsPerSecond()).isEqualTo(3);
        assertThat(s.enableWorkerRole()).isTrue();
        assertThat(s.kmsEndpoint()).contains("kst-abc.cryptoservice.kms.aliyuncs.com");
        assertThat(s.cleanupSecretOnFailure()).isTrue();
        assertThat(s.processClusterSecretStore()).isFalse();
        assertThat(s.processClusterExternalSecret()).isFalse();
        assertThat(s.enableCrossNamespaceSecretStore()).isTrue();
        assertThat(s.enableCrossNamespaceAuthRef()).isTrue();
        assertThat(s.clusterId()).contains("c0123");
        assertThat(s.uid()).contains("1234567890123456");
    }

    @Test
    void goStyleBooleansAndDurations() {
        assertThat(parse("--disable-polling=false").disablePolling()).isFalse();
        assertThat(parse("--disable-polling=true").disablePolling()).isTrue();
        assertThat(parse("--leader-elect=false").leaderElection()).isFalse();
        assertThat(parse("--polling-interval", "90s").pollingInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(parse("--polling-interval=2m").pollingInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("--polling-interval=1.5h").pollingInterval()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void oursToo() {
        ControllerSettings s = parse("--jitter=0.25", "--leader-election-lease=my-lock",
                "--leader-election-namespace=ops", "--leader-election-lease-duration=30s",
                "--leader-election-renew-deadline=20s", "--leader-election-retry-period=5s");
        assertThat(s.jitter()).isEqualTo(0.25);
        assertThat(s.leaseName()).isEqualTo("my-lock");
        assertThat(s.leaseNamespace()).contains("ops");
        assertThat(s.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.renewDeadline()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.retryPeriod()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void usageErrorsExitWithTwoAndNameTheFlag() {
        assertUsageError("--polling-interval=2 minutes", "--polling-interval");
        assertUsageError("--reconcile-count=0", "--reconcile-count");
        assertUsageError("--backend=vault", "--backend");
        assertUsageError("--jitter=1.5", "--jitter");
        assertUsageError("--no-such-flag", "--no-such-flag");
        assertUsageError("--disable-polling=maybe", "--disable-polling");
        assertUsageError("--log-format=xml", "--log-format");
    }

    private static void assertUsageError(String arg, String named) {
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"run", arg}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as(arg).isEqualTo(2);
        assertThat(err.toString()).as(arg).contains(named);
    }

    @Test
    void olderChartFlagsAreAccepted() {
        ControllerSettings s = parse("--enable-leader-election=false", "--leader-election-namespace=kube-system",
                "--reconcile-period=5s", "--token-rotation-period=120s", "--max-concurrent-secret-pulls=5");
        assertThat(s.leaderElection()).isFalse();
        assertThat(s.leaseNamespace()).contains("kube-system");
    }

    @Test
    void durationErrorsSayWhatGoWouldSayAndNoJava() {
        Run run = Run.of("run", "--polling-interval=2");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly(
                "error: Invalid value for option '--polling-interval': missing unit in duration \"2\" "
                        + "(valid units are ns, us, ms, s, m, h; e.g. 90s, 2m, 1h30m)",
                "Run 'secret-sync-controller run --help' for usage.");
        assertThat(Run.of("run", "--leader-election-lease-duration=15x").err())
                .contains("unknown unit \"x\" in duration \"15x\"").doesNotContain("java.", "Exception");
    }

    @Test
    void helpIsASubcommandAndHidesTheCompatibilityFlags() {
        Run help = Run.of("help", "run");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--leader-elect", "--polling-interval")
                .doesNotContain("--enable-leader-election", "--reconcile-period", "--token-rotation-period",
                        "--max-concurrent-secret-pulls");
        assertThat(Run.of("run", "--help").out()).isEqualTo(help.out());
        assertThat(Run.of("help").out()).contains("run", "render", "local", "help");
        assertThat(Run.of("--version").out()).startsWith("secret-sync-controller ");
    }

    /** One command line through {@link Main}, as the jar runs it. */
    record Run(int code, String out, String err) {
        static Run of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
            return new Run(code, out.toString(), err.toString());
        }
    }
}
