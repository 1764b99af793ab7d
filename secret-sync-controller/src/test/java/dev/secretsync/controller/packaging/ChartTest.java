package dev.secretsync.controller.packaging;

import com.marcnuri.helm.LintResult;
import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.controller.cli.ControllerOptions;
import dev.secretsync.controller.cli.EnvironmentCredentials;
import dev.secretsync.controller.cli.Main;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart, linted and rendered by Helm itself (see {@link HelmChart}): with the README's install
 * command exactly, with a values file written for ack-secret-manager, and with the overrides users
 * reach for. Every rendered object must match its Kubernetes schema.
 */
class ChartTest {

    static final Path ACK_VALUES_FILE = Path.of("src/test/resources/chart/ack-secret-manager-values.yaml");

    /** ack-secret-manager's Helm values (its chart's values.yaml and README). */
    static final List<String> ACK_VALUES = List.of(
            "command.backend", "command.region", "command.kmsEndpoint", "command.disablePolling",
            "command.pollingInterval", "command.reconcileCount", "command.reconcilePeriod",
            "command.tokenRotationPeriod", "command.maxConcurrentSecretPulls",
            "command.maxConcurrentKmsSecretPulls", "command.maxConcurrentOosSecretPulls",
            "command.cleanupSecretOnFailure", "command.processClusterSecretStore",
            "command.processClusterExternalSecret", "command.enableCrossNamespaceSecretStore",
            "command.enableCrossNamespaceAuthRef", "command.enableWorkerRole", "command.aliuid",
            "command.clusterId", "command.enableLeaderElection", "command.leaderElectionNamespace",
            "command.watchNamespaces", "command.excludeNamespaces",
            "env", "env.WATCH_NAMESPACE", "envVarsFromSecret", "rrsa.enable", "rbac.create",
            "serviceAccount.create", "serviceAccount.annotations", "serviceAccount.name", "replicaCount",
            "image.repository", "image.tag", "image.pullPolicy", "cleanupImage.repository", "cleanupImage.tag",
            "cleanupImage.pullPolicy", "crds.createClusterSecretStore", "crds.createClusterExternalSecret",
            "nameOverride", "fullnameOverride", "podAnnotations", "podLabels", "securityContext", "resources",
            "nodeSelector", "tolerations", "affinity");

    /** Accepted so that ack-secret-manager's values files install, with nothing to do (see values.yaml). */
    static final Set<String> ACCEPTED_ONLY = Set.of("crds", "cleanupImage");

    static final Pattern VALUE_REF = Pattern.compile("\\.Values\\.([A-Za-z0-9_.]+)");

    /** README's `helm install RELEASE CHART --namespace NS ... --set k=v ...` block, continuation lines joined. */
    record ReadmeInstall(String release, String chart, String namespace, Map<String, String> sets) {

        static ReadmeInstall parse() throws IOException {
            String readme = readme();
            int start = readme.indexOf("helm install ");
            assertThat(start).as("README.md has a helm install command").isGreaterThan(0);
            String command = readme.substring(start, readme.indexOf("```", start)).replaceAll("\\\\\\s*\\n", " ");
            Matcher m = Pattern.compile("helm install (\\S+) (\\S+) --namespace (\\S+)").matcher(command);
            assertThat(m.find()).as(command).isTrue();
            return new ReadmeInstall(m.group(1), m.group(2), m.group(3), HelmChart.sets(command));
        }

        HelmChart.Rendered render(Map<String, String> more) {
            Map<String, String> all = new LinkedHashMap<>(sets);
            all.putAll(more);
            return HelmChart.template(release, namespace, all);
        }
    }

    static String readme() throws IOException {
        return Files.readString(Yamls.ROOT.resolve("README.md"));
    }

    @Test
    void helmLintsTheChartStrictly() {
        LintResult lint = HelmChart.lint();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void theReadmeInstallCommandMakesTheNamesTheReadmeGives() throws IOException {
        ReadmeInstall install = ReadmeInstall.parse();
        assertThat(Yamls.ROOT.resolve(install.chart())).isEqualTo(Yamls.ROOT.resolve("secret-sync-controller/chart"));
        HelmChart.Rendered chart = install.render(Map.of());

        String ns = install.namespace();
        assertThat(chart.names()).containsExactlyInAnyOrder(
                "ServiceAccount " + ns + "/secret-sync-controller",
                "ClusterRole secret-sync",
                "ClusterRoleBinding secret-sync",
                "Role " + ns + "/secret-sync-leader-election",
                "RoleBinding " + ns + "/secret-sync-leader-election",
                "Service " + ns + "/secret-sync-metrics",
                "Deployment " + ns + "/secret-sync");

        // Step 1 names the ServiceAccount that the RAM role trusts for RRSA; step 4 the metrics Service.
        ServiceAccount account = chart.one(ServiceAccount.class);
        String readme = readme();
        assertThat(readme).contains("the ServiceAccount `" + account.getMetadata().getNamespace() + "/"
                + account.getMetadata().getName() + "`");
        assertThat(chart.one(Service.class).getMetadata().getName()).isEqualTo(install.release() + "-metrics");
        assertThat(readme).contains("the `<release>-metrics` Service");
        // Step 2 builds the image that step 3 runs.
        assertThat(readme).contains("-t " + container(chart).getImage() + " ");
        assertThat(pod(chart).getServiceAccountName()).isEqualTo(account.getMetadata().getName());
        assertThat(chart.one(ClusterRoleBinding.class).getSubjects()).extracting(Subject::getName, Subject::getNamespace)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(account.getMetadata().getName(), ns));
        assertThat(chart.one(RoleBinding.class).getSubjects()).extracting(Subject::getName, Subject::getNamespace)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(account.getMetadata().getName(), ns));
    }

    @Test
    void rrsaProjectsTheTokenWhereTheControllerReadsIt() throws IOException {
        ReadmeInstall install = ReadmeInstall.parse();
        assertThat(install.sets()).containsEntry("rrsa.enable", "true")
                .containsKeys("env.ALICLOUD_ROLE_ARN", "env.ALICLOUD_OIDC_PROVIDER_ARN");
        // README's placeholders filled in, as a user does
        Map<String, String> arns = Map.of("env.ALICLOUD_ROLE_ARN", "acs:ram::1234567890123456:role/kms-reader",
                "env.ALICLOUD_OIDC_PROVIDER_ARN", "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c0123");
        HelmChart.Rendered chart = install.render(arns);
        Volume token = pod(chart).getVolumes().stream().filter(v -> v.getProjected() != null).findFirst().orElseThrow();
        ServiceAccountTokenProjection projection = token.getProjected().getSources().get(0).getServiceAccountToken();
        assertThat(projection.getAudience()).isEqualTo("sts.aliyuncs.com");
        assertThat(projection.getExpirationSeconds()).isBetween(600L, 86_400L);
        VolumeMount mount = container(chart).getVolumeMounts().stream()
                .filter(m -> m.getName().equals(token.getName())).findFirst().orElseThrow();
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(Path.of(mount.getMountPath(), projection.getPath()))
                .isEqualTo(EnvironmentCredentials.DEFAULT_OIDC_TOKEN_FILE);

        // The role and provider from the command line are the controller's RRSA sign-in.
        Map<String, String> env = plainEnv(container(chart));
        assertThat(env).containsEntry("ALICLOUD_ROLE_ARN", arns.get("env.ALICLOUD_ROLE_ARN"))
                .containsEntry("ALICLOUD_OIDC_PROVIDER_ARN", arns.get("env.ALICLOUD_OIDC_PROVIDER_ARN"));
        ControllerSettings settings = settings(container(chart));
        assertThat(EnvironmentCredentials.of(env).defaultStore(settings)).isPresent();

        HelmChart.Rendered withoutRrsa = install.render(Map.of("rrsa.enable", "false"));
        assertThat(pod(withoutRrsa).getVolumes()).noneMatch(v -> v.getProjected() != null);
    }

    @Test
    void theReadmeAccessKeyAlternativeReadsTheSecret() throws IOException {
        String readme = readme();
        Matcher m = Pattern.compile("`(--set envVarsFromSecret[^`]+)`").matcher(readme);
        assertThat(m.find()).isTrue();
        Map<String, String> accessKey = HelmChart.sets(m.group(1));
        Map<String, String> rest = new LinkedHashMap<>(accessKey);
        rest.put("rrsa.enable", "false");
        HelmChart.Rendered chart = ReadmeInstall.parse().render(rest);
        EnvVar id = container(chart).getEnv().stream().filter(e -> e.getName().equals("ACCESS_KEY_ID")).findFirst()
                .orElseThrow();
        assertThat(id.getValueFrom().getSecretKeyRef().getName())
                .isEqualTo(accessKey.get("envVarsFromSecret.ACCESS_KEY_ID.secretKeyRef"));
        assertThat(id.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(accessKey.get("envVarsFromSecret.ACCESS_KEY_ID.key"));
    }

    @Test
    void ackSecretManagerValuesInstallUnchanged() {
        HelmChart.Rendered chart = HelmChart.template("ack-secret-manager", "kube-system", Map.of(), ACK_VALUES_FILE);
        Container container = container(chart);
        List<String> flags = container.getArgs().stream().filter(a -> a.startsWith("--"))
                .map(a -> a.replaceFirst("=.*", "")).toList();
        assertThat(flags).contains("--backend", "--region", "--polling-interval", "--disable-polling",
                "--reconcile-count", "--exclude-namespaces", "--max-concurrent-kms-secret-pulls",
                "--max-concurrent-oos-secret-pulls", "--enable-worker-role", "--kms-endpoint",
                "--cleanup-secret-on-failure", "--process-cluster-secret-store", "--process-cluster-external-secret",
                "--enable-cross-namespace-secret-store", "--enable-cross-namespace-auth-ref", "--cluster-id", "--uid");

        ControllerSettings settings = settings(container);
        assertThat(settings.region()).contains("cn-hangzhou");
        assertThat(settings.reconcileCount()).isEqualTo(2);
        assertThat(settings.pollingInterval()).hasMinutes(2);
        assertThat(settings.maxKmsPullsPerSecond()).isEqualTo(20.0);
        assertThat(settings.enableWorkerRole()).isTrue();
        assertThat(settings.excludeNamespaces()).containsExactlyInAnyOrder("kube-public", "kube-node-lease");
        assertThat(settings.uid()).contains("1234567890123456");
        assertThat(settings.leaseNamespace()).contains("kube-system");

        assertThat(chart.one(ServiceAccount.class).getMetadata().getName()).isEqualTo("ack-secret-manager");
        assertThat(chart.one(Role.class).getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(chart.one(Service.class).getMetadata().getName()).isEqualTo("ack-secret-manager-metrics");
        PodSpec pod = pod(chart);
        assertThat(pod.getServiceAccountName()).isEqualTo("ack-secret-manager");
        assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
        assertThat(pod.getTolerations()).hasSize(1);
        assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();
        assertThat(container.getEnv()).filteredOn(e -> e.getValueFrom() != null).extracting(EnvVar::getName)
                .containsExactlyInAnyOrder("POD_NAME", "POD_NAMESPACE", "ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "ALICLOUD_ROLE_ARN");
        assertThat(plainEnv(container)).containsEntry("ALICLOUD_ROLE_SESSION_NAME", "ack-secret-manager")
                .doesNotContainKey("WATCH_NAMESPACE"); // empty values are skipped
        assertThat(chart.one(Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void serviceAccountValuesNameTheAccountEverywhere() {
        HelmChart.Rendered named = HelmChart.template("secret-sync", "tools", Map.of("serviceAccount.name", "kms-reader"));
        assertThat(named.one(ServiceAccount.class).getMetadata().getName()).isEqualTo("kms-reader");
        assertThat(pod(named).getServiceAccountName()).isEqualTo("kms-reader");
        assertThat(named.one(ClusterRoleBinding.class).getSubjects().get(0).getName()).isEqualTo("kms-reader");

        HelmChart.Rendered existing = HelmChart.template("secret-sync", "tools",
                Map.of("serviceAccount.create", "false", "serviceAccount.name", "existing", "rbac.create", "false"));
        assertThat(existing.all(ServiceAccount.class)).isEmpty();
        assertThat(existing.all(ClusterRole.class)).isEmpty();
        assertThat(pod(existing).getServiceAccountName()).isEqualTo("existing");

        HelmChart.Rendered overridden = HelmChart.template("x", "tools", Map.of("fullnameOverride", "kms-sync"));
        assertThat(overridden.one(Deployment.class).getMetadata().getName()).isEqualTo("kms-sync");
        assertThat(overridden.one(Service.class).getMetadata().getName()).isEqualTo("kms-sync-metrics");
    }

    @Test
    void podIsLockedDownAndProbed() throws IOException {
        HelmChart.Rendered chart = ReadmeInstall.parse().render(Map.of());
        PodSpec pod = pod(chart);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container container = container(chart);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));

        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(container.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(container.getArgs()).contains("--http-port=" + p.getContainerPort());
        });
        assertThat(chart.one(Service.class).getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
        assertThat(chart.one(Service.class).getSpec().getSelector())
                .isEqualTo(chart.one(Deployment.class).getSpec().getSelector().getMatchLabels());
    }

    @Test
    void rbacIsLeastPrivilege() throws IOException {
        HelmChart.Rendered chart = ReadmeInstall.parse().render(Map.of());
        Set<String> granted = new HashSet<>();
        List<PolicyRule> rules = new ArrayList<>(chart.one(ClusterRole.class).getRules());
        rules.addAll(chart.one(Role.class).getRules());
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        assertThat(group + resource + verb).doesNotContain("*");
                        granted.add(group + "/" + resource + ":" + verb);
                    }
                }
            }
        }
        assertThat(granted).contains("/secrets:create", "/secrets:update", "/secrets:delete", "/secrets:watch",
                "alibabacloud.com/externalsecrets/status:update", "coordination.k8s.io/leases:get",
                "coordination.k8s.io/leases:create", "coordination.k8s.io/leases:update", "/events:create",
                "/serviceaccounts/token:create", "/namespaces:watch", "/serviceaccounts:list");
        assertThat(granted).noneMatch(g -> g.startsWith("/namespaces:") && !g.matches("/namespaces:(get|list|watch)"));
        assertThat(granted).noneMatch(g -> g.startsWith("/configmaps:") && !g.matches("/configmaps:(get|list|watch)"));
        assertThat(granted).noneMatch(g -> g.contains("leases:delete") || g.contains("leases:list"));
        assertThat(chart.one(ClusterRole.class).getRules()).noneMatch(r -> r.getApiGroups().contains("coordination.k8s.io"));
    }

    @Test
    void valuesAcceptEveryAckSecretManagerKey() throws IOException {
        Map<String, Object> values = values();
        for (String key : ACK_VALUES) {
            assertThat(Yamls.at(values, key)).as(key).isNotEqualTo(Yamls.Missing.MISSING);
        }
        assertThat(Yamls.at(values, "replicaCount")).isEqualTo(2);
        assertThat(Yamls.at(values, "command.pollingInterval")).isEqualTo("120s");
        assertThat(Yamls.at(values, "command.backend")).isEqualTo("alicloud-kms");
        assertThat(Yamls.at(values, "resources.requests.memory")).isEqualTo("256Mi");
    }

    @Test
    void templatesUseEveryValueAndOnlyValuesThatExist() throws IOException {
        Map<String, Object> values = values();
        StringBuilder templates = new StringBuilder();
        try (Stream<Path> files = Files.list(Yamls.CHART.resolve("templates"))) {
            for (Path f : files.sorted().toList()) {
                templates.append(Files.readString(f)).append('\n');
            }
        }
        Set<String> referenced = new TreeSet<>();
        Matcher m = VALUE_REF.matcher(templates);
        while (m.find()) {
            referenced.add(m.group(1));
        }
        for (String ref : referenced) {
            assertThat(Yamls.at(values, ref)).as(".Values." + ref + " is used but not in values.yaml")
                    .isNotEqualTo(Yamls.Missing.MISSING);
        }
        for (String leaf : leaves(values, "")) {
            if (ACCEPTED_ONLY.contains(leaf.split("\\.")[0])) {
                continue;
            }
            boolean used = referenced.stream().anyMatch(r -> leaf.equals(r) || leaf.startsWith(r + "."));
            assertThat(used).as("value " + leaf + " is used by no template").isTrue();
        }
    }

    @Test
    void theInstallManifestsUseRealFlags() throws IOException {
        Set<String> runFlags = new HashSet<>();
        runCommand().getCommandSpec().options().forEach(o -> runFlags.addAll(List.of(o.names())));
        Matcher m = Pattern.compile("^\\s*-\\s+(--[a-z0-9-]+)", Pattern.MULTILINE)
                .matcher(Files.readString(Yamls.ROOT.resolve("examples/kubernetes/install/20-deployment.yaml")));
        List<String> flags = new ArrayList<>();
        while (m.find()) {
            flags.add(m.group(1));
        }
        assertThat(flags).isNotEmpty().allSatisfy(f -> assertThat(runFlags).contains(f));
    }

    @Test
    void theCrdsHelmInstallsMatchTheirSchema() throws IOException {
        // Helm applies crds/ as they are (`helm template` leaves them out): read them the same strict way.
        HelmChart.Rendered crds = HelmChart.crds();
        assertThat(crds.names()).containsExactlyInAnyOrder(
                "CustomResourceDefinition clusterexternalsecrets.alibabacloud.com",
                "CustomResourceDefinition clustersecretstores.alibabacloud.com",
                "CustomResourceDefinition externalsecrets.alibabacloud.com",
                "CustomResourceDefinition secretstores.alibabacloud.com");
    }

    @Test
    void chartCrdsAreTheGeneratedOnes() throws IOException {
        Path source = Yamls.ROOT.resolve("secret-sync-k8s/src/main/crds");
        List<String> expected = names(source);
        assertThat(names(Yamls.CHART.resolve("crds"))).as("copy secret-sync-k8s/src/main/crds/*.yaml to chart/crds/")
                .isEqualTo(expected);
        for (String name : expected) {
            assertThat(Files.readString(Yamls.CHART.resolve("crds").resolve(name)))
                    .as("chart/crds/" + name + " differs from secret-sync-k8s/src/main/crds: copy it again")
                    .isEqualTo(Files.readString(source.resolve(name)));
        }
    }

    /** The container's arguments, parsed by the real `run` command into the controller's settings. */
    static ControllerSettings settings(Container container) {
        List<String> args = container.getArgs();
        assertThat(args.get(0)).isEqualTo("run");
        CommandLine main = new CommandLine(new Main());
        main.parseArgs(args.toArray(String[]::new));
        return ((ControllerOptions) main.getSubcommands().get("run").getCommandSpec().mixins().get("controller")
                .userObject()).toSettings();
    }

    static CommandLine runCommand() {
        return new CommandLine(new Main()).getSubcommands().get("run");
    }

    static PodSpec pod(HelmChart.Rendered chart) {
        return chart.one(Deployment.class).getSpec().getTemplate().getSpec();
    }

    static Container container(HelmChart.Rendered chart) {
        return pod(chart).getContainers().get(0);
    }

    static Map<String, String> plainEnv(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    static Map<String, Object> values() throws IOException {
        return Yamls.documents(Yamls.CHART.resolve("values.yaml")).get(0);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> leaves(Map<String, Object> map, String prefix) {
        List<String> out = new ArrayList<>();
        map.forEach((k, v) -> {
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                out.addAll(leaves((Map<String, Object>) m, path));
            } else {
                out.add(path);
            }
        });
        return out;
    }
}
