package dev.secretsync.controller.packaging;

import dev.secretsync.controller.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** There is no helm binary here: the chart is checked by parsing its values and templates. */
class ChartTest {

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

    static Map<String, Object> values() throws IOException {
        return Yamls.documents(Yamls.CHART.resolve("values.yaml")).get(0);
    }

    static String templates() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(Yamls.CHART.resolve("templates"))) {
            for (Path f : files.sorted().toList()) {
                sb.append(Files.readString(f)).append('\n');
            }
        }
        return sb.toString();
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
        String templates = templates();
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
    void everyFlagOfTheDeploymentIsARealFlag() throws IOException {
        Set<String> runFlags = runFlags();
        List<String> flags = flags(Files.readString(Yamls.CHART.resolve("templates/deployment.yaml")));
        assertThat(flags).hasSizeGreaterThan(20);
        assertThat(runFlags).containsAll(flags);
        assertThat(flags(Files.readString(Yamls.ROOT.resolve("examples/kubernetes/install/20-deployment.yaml"))))
                .isNotEmpty().allSatisfy(f -> assertThat(runFlags).contains(f));
    }

    @Test
    void everyAckSecretManagerFlagIsInTheDeployment() throws IOException {
        List<String> flags = flags(Files.readString(Yamls.CHART.resolve("templates/deployment.yaml")));
        assertThat(flags).contains("--backend", "--region", "--polling-interval", "--disable-polling",
                "--reconcile-count", "--watch-namespaces", "--exclude-namespaces", "--max-concurrent-kms-secret-pulls",
                "--max-concurrent-oos-secret-pulls", "--enable-worker-role", "--kms-endpoint",
                "--cleanup-secret-on-failure", "--process-cluster-secret-store", "--process-cluster-external-secret",
                "--enable-cross-namespace-secret-store", "--enable-cross-namespace-auth-ref", "--cluster-id", "--uid");
    }

    @Test
    void templatesAreYamlOnceExpressionsAreSubstituted() throws IOException {
        try (Stream<Path> files = Files.list(Yamls.CHART.resolve("templates"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                List<Map<String, Object>> docs = Yamls.documents(Yamls.flatten(Files.readString(f)));
                assertThat(docs).as(f.toString()).isNotEmpty()
                        .allSatisfy(d -> assertThat(d).containsKeys("apiVersion", "kind", "metadata"));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void deploymentIsLockedDownAndProbed() throws IOException {
        Map<String, Object> deployment = Yamls.documents(Yamls.flatten(
                Files.readString(Yamls.CHART.resolve("templates/deployment.yaml")))).get(0);
        Map<String, Object> container = ((List<Map<String, Object>>) Yamls.at(deployment, "spec.template.spec.containers")).get(0);
        assertThat(Yamls.at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(Yamls.at(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(Yamls.at(container, "livenessProbe.httpGet.path")).isEqualTo("/healthz");
        assertThat(Yamls.at(container, "readinessProbe.httpGet.path")).isEqualTo("/readyz");
        assertThat(Files.readString(Yamls.CHART.resolve("templates/deployment.yaml")))
                .contains("audience: sts.aliyuncs.com").contains("path: ack-secret-manager")
                .contains("mountPath: /var/run/secrets/tokens");
        assertThat(Yamls.at(values(), "securityContext.runAsNonRoot")).isEqualTo(true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void rbacIsLeastPrivilege() throws IOException {
        List<Map<String, Object>> docs = Yamls.documents(Yamls.flatten(
                Files.readString(Yamls.CHART.resolve("templates/rbac.yaml"))));
        Set<String> granted = new HashSet<>();
        for (Map<String, Object> doc : docs) {
            if (!Set.of("ClusterRole", "Role").contains(doc.get("kind"))) {
                continue;
            }
            for (Map<String, Object> rule : (List<Map<String, Object>>) doc.get("rules")) {
                for (String group : (List<String>) rule.get("apiGroups")) {
                    for (String resource : (List<String>) rule.get("resources")) {
                        for (String verb : (List<String>) rule.get("verbs")) {
                            assertThat(group + resource + verb).doesNotContain("*");
                            granted.add(group + "/" + resource + ":" + verb);
                        }
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

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }

    static Set<String> runFlags() {
        CommandLine run = mainCommandLine().getSubcommands().get("run");
        Set<String> names = new HashSet<>();
        run.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        return names;
    }

    static CommandLine mainCommandLine() {
        return new CommandLine(new Main());
    }

    static List<String> flags(String text) {
        List<String> flags = new ArrayList<>();
        Matcher m = Pattern.compile("^\\s*-\\s+(--[a-z0-9-]+)", Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            flags.add(m.group(1));
        }
        return flags;
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
