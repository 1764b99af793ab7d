package dev.secretsync.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.secretsync.controller.cli.Main;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The takeover from ack-secret-manager, end to end: a cluster as ack-secret-manager leaves it
 * ({@code src/test/resources/ack-cluster}), then {@code migrate} through the CLI, then the
 * controller. Nothing is lost, no Secret value changes, and running {@code migrate} again changes
 * nothing.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class AckMigrationIT {

    static final Duration INTERVAL = Duration.ofSeconds(3);
    static final List<String> ADOPTED = List.of("demo/db-credentials", "demo/app-settings", "team-a/registry",
            "team-b/registry");

    KubernetesMockServer server;
    KubernetesClient client;
    KmsEmulator kms;
    Controller controller;
    @TempDir
    Path dir;

    @BeforeEach
    void ackSecretManagersCluster() throws IOException {
        kms = KmsEmulator.builder().accessKey(ControllerHarness.AK, ControllerHarness.SK)
                .seed(Path.of("src/test/resources/ack-cluster/kms-seed.yaml")).build().start();
        for (HasMetadata crd : load("crds.yaml")) {
            client.resource(crd).create();
        }
        for (HasMetadata o : load("resources.yaml")) {
            client.resource(o).create();
        }
        ClusterExternalSecret ces = client.resources(ClusterExternalSecret.class).withName("registry").get();
        for (String ns : List.of("team-a", "team-b")) { // the children ack-secret-manager created
            ExternalSecret child = new ExternalSecret();
            child.getMetadata().setName("registry");
            child.getMetadata().setNamespace(ns);
            child.getMetadata().setFinalizers(List.of(Metadata.ACK_FINALIZER));
            child.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                    .withApiVersion("alibabacloud.com/v1alpha1").withKind("ClusterExternalSecret")
                    .withName("registry").withUid(ces.getMetadata().getUid())
                    .withController(true).withBlockOwnerDeletion(true).build()));
            child.setSpec(ces.getSpec().getExternalSecretSpec());
            client.resource(child).create();
        }
        for (HasMetadata o : load("secrets.yaml")) {
            client.resource(o).create();
        }
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        kms.close();
    }

    @Test
    @SuppressWarnings("try") // the watch only has to be open
    void aClusterLeftByAckSecretManagerIsTakenOverWithoutLosingAnything() throws IOException {
        Map<String, Map<String, String>> secretsBefore = secretData();
        Map<String, Object> specsBefore = customResourceSpecs();
        String legacyVersion = secret("demo/legacy").getMetadata().getResourceVersion();

        Run dryRun = migrate("--dry-run");
        assertThat(dryRun.code).as(dryRun.err).isEqualTo(1); // the legacy Secret is a conflict to resolve
        assertThat(dryRun.out).contains("Found: 6 ExternalSecret(s), 1 SecretStore(s), 1 ClusterSecretStore(s), "
                        + "1 ClusterExternalSecret(s)",
                "annotate CRD externalsecrets.alibabacloud.com with helm.sh/resource-policy=keep",
                "upgrade CRD externalsecrets.alibabacloud.com to secret-sync's schema",
                "adopt Secret demo/db-credentials for ExternalSecret/demo/db",
                "label ExternalSecret team-a/registry as a child of ClusterExternalSecret registry",
                "conflict: Secret demo/legacy is controlled by Deployment legacy-app",
                "helm uninstall ack-secret-manager --namespace kube-system --no-hooks");
        assertThat(crd("externalsecrets").getMetadata().getAnnotations()).doesNotContainKey("helm.sh/resource-policy");
        assertThat(secret("demo/db-credentials").getMetadata().getLabels()).isNullOrEmpty();

        Run run = migrate();
        assertThat(run.code).as(run.err).isEqualTo(1);
        assertThat(run.out).contains("done: adopt Secret team-b/registry", "4 to adopt, 0 managed by secret-sync already");
        for (String plural : List.of("externalsecrets", "secretstores", "clustersecretstores", "clusterexternalsecrets")) {
            CustomResourceDefinition crd = crd(plural);
            assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep")
                    .containsEntry("meta.helm.sh/release-name", "ack-secret-manager");
            assertThat(crd.getSpec().getVersions().get(0).getSchema())
                    .isEqualTo(ours(plural).getSpec().getVersions().get(0).getSchema());
        }
        assertThat(customResourceSpecs()).isEqualTo(specsBefore);

        Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
        try (Watch ignored = countWrites(writes)) {
            controller = ControllerHarness.start(client, kms, ControllerHarness.settings("demo", "team-a", "team-b")
                    .pollingInterval(INTERVAL).build());
            // Within one polling interval of the start (new resources are synced at once, not on the schedule).
            await().atMost(INTERVAL).untilAsserted(() -> {
                for (String es : List.of("demo/db", "demo/app", "demo/new", "team-a/registry", "team-b/registry")) {
                    assertThat(ControllerHarness.readyReason(externalSecret(es))).as(es).startsWith("True/");
                }
                assertThat(ControllerHarness.readyReason(externalSecret("demo/legacy"))).startsWith("False/");
            });
            // Two more refreshes of every secret: adopted Secrets are written once (ownership marks), never again.
            long fetched = kms.requestCount("GetSecretValue");
            int secrets = 6;
            await().atMost(INTERVAL.multipliedBy(4))
                    .until(() -> kms.requestCount("GetSecretValue") >= fetched + 2L * secrets);
        }
        Map<String, Map<String, String>> secretsAfter = secretData();
        for (String s : ADOPTED) {
            assertThat(secretsAfter.get(s)).as("data of " + s).isEqualTo(secretsBefore.get(s));
            assertThat(writes.getOrDefault(s, new AtomicInteger()).get()).as("writes of " + s).isLessThanOrEqualTo(1);
            Secret adopted = secret(s);
            assertThat(adopted.getMetadata().getLabels()).containsEntry(Metadata.MANAGED_BY_LABEL, Metadata.MANAGED_BY_VALUE);
            assertThat(adopted.getMetadata().getOwnerReferences()).extracting("kind").contains("ExternalSecret");
        }
        assertThat(secret("demo/new").getData()).containsKey("token");
        assertThat(secret("demo/legacy").getMetadata().getResourceVersion()).isEqualTo(legacyVersion);
        ClusterExternalSecret ces = client.resources(ClusterExternalSecret.class).withName("registry").get();
        assertThat(ces.getStatus().getProvisionedNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(ces.getStatus().getFailedNamespaces()).isNullOrEmpty();

        Map<String, String> versions = resourceVersions();
        Run again = migrate();
        assertThat(again.out).contains("Nothing to change", "0 to adopt, 5 managed by secret-sync already", "1 conflict(s)");
        assertThat(resourceVersions()).isEqualTo(versions);
        assertThat(dryRun.out + run.out + again.out + run.err)
                .doesNotContain("canary-migrate", "orders@db", "Y2FuYXJ5");
    }

    @Test
    void refusesWhileAckSecretManagerRunsAndChangesNothing() {
        Deployment d = client.apps().deployments().inNamespace("kube-system").withName("ack-secret-manager").get();
        d.getSpec().setReplicas(2);
        client.resource(d).update();
        Lease lease = client.leases().inNamespace("kube-system").withName("ack-secret-manager-lock").get();
        lease.getSpec().setRenewTime(ZonedDateTime.now());
        client.resource(lease).update();
        Map<String, String> versions = resourceVersions();

        Run run = migrate();
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err).contains("Deployment kube-system/ack-secret-manager has 2 replica(s)",
                "kubectl --namespace kube-system scale deployment ack-secret-manager --replicas=0",
                "Lease kube-system/ack-secret-manager-lock is held by ack-secret-manager-6d9f7c-x2k4p_5b1c",
                "Nothing was changed.");
        assertThat(resourceVersions()).isEqualTo(versions);
    }

    @Test
    void refusesAnUpgradeThatWouldPruneAStoredField() {
        // A field neither ack-secret-manager's nor secret-sync's schema declares, kept because the
        // old schema preserved unknown fields.
        client.genericKubernetesResources(CustomResourceDefinitionContext.fromCrd(crd("clusterexternalsecrets")))
                .withName("registry")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"refreshTime\":\"1h\"}}");
        Map<String, String> versions = resourceVersions();

        Run run = migrate();
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err).contains("CRD clusterexternalsecrets.alibabacloud.com: ClusterExternalSecret registry: "
                + "spec.refreshTime would be pruned", "Nothing was changed.");
        assertThat(resourceVersions()).isEqualTo(versions);
    }

    @Test
    void refusesWhenTheCallerMayNotChangeCrds() {
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                .andReturn(201, Map.of("apiVersion", "authorization.k8s.io/v1", "kind", "SelfSubjectAccessReview",
                        "status", Map.of("allowed", false)))
                .always();
        Map<String, String> versions = resourceVersions();

        Run run = migrate();
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err).contains("no permission to patch customresourcedefinitions.apiextensions.k8s.io",
                "kubectl auth can-i patch customresourcedefinitions.apiextensions.k8s.io --all-namespaces",
                "Nothing was changed.");
        assertThat(resourceVersions()).isEqualTo(versions);
    }

    // ---- helpers ----

    record Run(int code, String out, String err) {
    }

    Run migrate(String... args) {
        Path kubeconfig = dir.resolve("kubeconfig");
        try {
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: stand-in, cluster: {server: "%s"}}]
                    users: [{name: admin, user: {token: test-token}}]
                    contexts: [{name: stand-in, context: {cluster: stand-in, user: admin}}]
                    current-context: stand-in
                    """.formatted(client.getMasterUrl()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] line = new String[args.length + 3];
        line[0] = "migrate";
        line[1] = "--kubeconfig";
        line[2] = kubeconfig.toString();
        System.arraycopy(args, 0, line, 3, args.length);
        int code = Main.execute(line, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Typed objects from a fixture file; stringData folded into data as the API server does. */
    List<HasMetadata> load(String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/ack-cluster", file))) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<HasMetadata> objects = new java.util.ArrayList<>();
            for (String doc : yaml.split("(?m)^---$")) {
                if (doc.isBlank() || doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
                    continue;
                }
                Map<?, ?> raw = client.getKubernetesSerialization().unmarshal(doc, Map.class);
                HasMetadata o = client.getKubernetesSerialization().unmarshal(doc, typeOf(String.valueOf(raw.get("kind"))));
                if (o instanceof Secret s && s.getStringData() != null) {
                    Map<String, String> data = new TreeMap<>();
                    s.getStringData().forEach((k, v) -> data.put(k, ControllerHarness.b64(v)));
                    s.setData(data);
                    s.setStringData(null);
                }
                objects.add(o);
            }
            return objects;
        }
    }

    private static Class<? extends HasMetadata> typeOf(String kind) {
        return switch (kind) {
            case "CustomResourceDefinition" -> CustomResourceDefinition.class;
            case "Namespace" -> Namespace.class;
            case "Secret" -> Secret.class;
            case "SecretStore" -> SecretStore.class;
            case "ClusterSecretStore" -> ClusterSecretStore.class;
            case "ExternalSecret" -> ExternalSecret.class;
            case "ClusterExternalSecret" -> ClusterExternalSecret.class;
            case "Deployment" -> Deployment.class;
            case "Lease" -> Lease.class;
            default -> throw new IllegalArgumentException("fixture kind " + kind);
        };
    }

    Watch countWrites(Map<String, AtomicInteger> writes) {
        return client.secrets().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Secret s) {
                if (action == Action.MODIFIED) {
                    writes.computeIfAbsent(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(),
                            k -> new AtomicInteger()).incrementAndGet();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    Map<String, Map<String, String>> secretData() {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (Secret s : client.secrets().inAnyNamespace().list().getItems()) {
            Map<String, String> data = new TreeMap<>();
            if (s.getData() != null) {
                s.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
            }
            all.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), data);
        }
        return all;
    }

    Map<String, Object> customResourceSpecs() {
        Map<String, Object> specs = new TreeMap<>();
        client.resources(ExternalSecret.class).inAnyNamespace().list().getItems()
                .forEach(r -> specs.put("ExternalSecret " + id(r), r.getSpec()));
        client.resources(SecretStore.class).inAnyNamespace().list().getItems()
                .forEach(r -> specs.put("SecretStore " + id(r), r.getSpec()));
        client.resources(ClusterSecretStore.class).list().getItems()
                .forEach(r -> specs.put("ClusterSecretStore " + id(r), r.getSpec()));
        client.resources(ClusterExternalSecret.class).list().getItems()
                .forEach(r -> specs.put("ClusterExternalSecret " + id(r), r.getSpec()));
        return specs;
    }

    Map<String, String> resourceVersions() {
        Map<String, String> versions = new HashMap<>();
        for (String plural : List.of("externalsecrets", "secretstores", "clustersecretstores", "clusterexternalsecrets")) {
            client.genericKubernetesResources(CustomResourceDefinitionContext.fromCrd(crd(plural))).inAnyNamespace()
                    .list().getItems().forEach(r -> versions.put(r.getKind() + " " + id(r), r.getMetadata().getResourceVersion()));
        }
        client.secrets().inAnyNamespace().list().getItems().forEach(s -> versions.put("Secret " + id(s),
                s.getMetadata().getResourceVersion()));
        client.apiextensions().v1().customResourceDefinitions().list().getItems()
                .forEach(r -> versions.put("CRD " + id(r), r.getMetadata().getResourceVersion()));
        return versions;
    }

    CustomResourceDefinition crd(String plural) {
        return client.apiextensions().v1().customResourceDefinitions().withName(plural + ".alibabacloud.com").get();
    }

    CustomResourceDefinition ours(String plural) {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/" + plural + ".alibabacloud.com-v1.yml")) {
            return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Secret secret(String nsName) {
        String[] p = nsName.split("/");
        return client.secrets().inNamespace(p[0]).withName(p[1]).get();
    }

    ExternalSecret externalSecret(String nsName) {
        String[] p = nsName.split("/");
        return client.resources(ExternalSecret.class).inNamespace(p[0]).withName(p[1]).get();
    }

    private static String id(HasMetadata o) {
        return o.getMetadata().getNamespace() == null ? o.getMetadata().getName()
                : o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }
}
