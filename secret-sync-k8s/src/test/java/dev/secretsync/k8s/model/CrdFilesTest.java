package dev.secretsync.k8s.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The CRDs kept in the repository ({@code src/main/crds}) are the ones the build generates from
 * the model ({@code crd-generator-maven-plugin}, into {@code target/classes/META-INF/fabric8}).
 * After changing the model, refresh them with
 * {@code ./mvnw -pl secret-sync-k8s -am test -Dtest=CrdFilesTest -Dsurefire.failIfNoSpecifiedTests=false -Dcrds.update=true}
 * and commit the result.
 */
class CrdFilesTest {

    static final Path COMMITTED = Path.of("src/main/crds");
    static final List<String> NAMES = List.of("externalsecrets", "secretstores", "clustersecretstores",
            "clusterexternalsecrets");

    static String generated(String plural) throws IOException {
        try (InputStream in = CrdFilesTest.class.getResourceAsStream(
                "/META-INF/fabric8/" + plural + ".alibabacloud.com-v1.yml")) {
            assertThat(in).as("generated CRD of " + plural + " (run the build's process-classes phase)").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void committedCrdsMatchTheGeneratedOnes() throws IOException {
        boolean update = Boolean.getBoolean("crds.update");
        for (String plural : NAMES) {
            Path committed = COMMITTED.resolve(plural + ".alibabacloud.com.yaml");
            String generated = generated(plural);
            if (update) {
                Files.createDirectories(COMMITTED);
                Files.writeString(committed, generated);
            }
            assertThat(Files.exists(committed) ? Files.readString(committed) : "")
                    .as(committed + " differs from the CRD generated from the model. Refresh it with: ./mvnw -pl "
                            + "secret-sync-k8s -am test -Dtest=CrdFilesTest -Dsurefire.failIfNoSpecifiedTests=false "
                            + "-Dcrds.update=true (then commit it)")
                    .isEqualTo(generated);
        }
    }

    @Test
    void crdsKeepAckSecretManagersNamesScopesAndShortNames() throws IOException {
        Map<String, String[]> expected = Map.of(
                "externalsecrets", new String[] {"ExternalSecret", "Namespaced", null},
                "secretstores", new String[] {"SecretStore", "Namespaced", null},
                "clustersecretstores", new String[] {"ClusterSecretStore", "Cluster", "css"},
                "clusterexternalsecrets", new String[] {"ClusterExternalSecret", "Cluster", "ces"});
        for (var e : expected.entrySet()) {
            JsonNode crd = CrdSchemas.YAML.readTree(generated(e.getKey()));
            assertThat(crd.at("/spec/group").asString()).isEqualTo("alibabacloud.com");
            assertThat(crd.at("/spec/names/kind").asString()).isEqualTo(e.getValue()[0]);
            assertThat(crd.at("/spec/scope").asString()).isEqualTo(e.getValue()[1]);
            assertThat(crd.at("/spec/versions/0/name").asString()).isEqualTo("v1alpha1");
            assertThat(crd.at("/spec/versions/0/subresources/status").isObject()).isTrue();
            if (e.getValue()[2] != null) {
                assertThat(crd.at("/spec/names/shortNames/0").asString()).isEqualTo(e.getValue()[2]);
            }
        }
        JsonNode store = CrdSchemas.YAML.readTree(generated("secretstores"));
        JsonNode kms = store.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/KMS/properties");
        assertThat(kms.has("KMSAuth")).isTrue();
        assertThat(kms.has("dedicatedKMSAuth")).isTrue();
        assertThat(kms.at("/KMSAuth/properties").has("remoteRamRoleARN")).isTrue();
        JsonNode es = CrdSchemas.YAML.readTree(generated("externalsecrets"));
        assertThat(es.at("/spec/versions/0/schema/openAPIV3Schema/properties/status/properties/dataSyncResults/items"
                + "/properties").has("ExternalSecretKey")).isTrue();
    }
}
