package dev.secretsync.k8s.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every example manifest of the project (ack-secret-manager's README examples among them) is
 * valid against the committed CRD schemas and parses strictly into the model; broken ones fail.
 */
class ManifestsTest {

    static final Path EXAMPLES = Path.of("src/test/resources/examples");
    static final Path INVALID = Path.of("src/test/resources/invalid");
    static final CrdSchemas SCHEMAS = new CrdSchemas(CrdFilesTest.COMMITTED);
    static final YAMLMapper STRICT = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    static final Map<String, Class<?>> TYPES = Map.of(
            "ExternalSecret", ExternalSecret.class,
            "SecretStore", SecretStore.class,
            "ClusterSecretStore", ClusterSecretStore.class,
            "ClusterExternalSecret", ClusterExternalSecret.class);

    static Stream<Path> examples() throws IOException {
        return files(EXAMPLES);
    }

    static Stream<Path> invalid() throws IOException {
        return files(INVALID);
    }

    static Stream<Path> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static Object parseStrictly(JsonNode doc) {
        Class<?> type = TYPES.get(doc.path("kind").asString());
        assertThat(type).as("kind " + doc.path("kind")).isNotNull();
        return STRICT.treeToValue(doc, type);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleIsValidAgainstTheCrdAndParsesStrictly(Path file) throws IOException {
        List<JsonNode> docs = CrdSchemas.documents(Files.readString(file));
        assertThat(docs).isNotEmpty();
        for (JsonNode doc : docs) {
            assertThat(SCHEMAS.validate(doc)).as(file + " " + doc.path("metadata").path("name")).isEmpty();
            Object parsed = parseStrictly(doc);
            assertThat(parsed).as("value equality").isEqualTo(parseStrictly(doc));
            // What the model writes back is what was read: no field is lost or renamed.
            JsonNode roundTrip = STRICT.valueToTree(parsed);
            assertThat(roundTrip.path("spec")).as(file + " spec round trip").isEqualTo(doc.path("spec"));
        }
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void brokenManifestIsRejectedByTheSchema(Path file) throws IOException {
        for (JsonNode doc : CrdSchemas.documents(Files.readString(file))) {
            assertThat(SCHEMAS.validate(doc)).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void schemaProblemsNameTheField() throws IOException {
        assertThat(SCHEMAS.validate(doc("invalid/unknown-field.yaml"))).containsExactly(
                ".spec.data[0].kee: unknown field", ".spec.data[0].key: required");
        assertThat(SCHEMAS.validate(doc("invalid/bad-creation-policy.yaml"))).containsExactly(
                ".spec.target.creationPolicy: does not match ^(Owner|Merge|Orphan)$");
        assertThat(SCHEMAS.validate(doc("invalid/missing-required.yaml"))).containsExactly(
                ".spec.KMS.KMSAuth.accessKey.key: required");
        assertThat(SCHEMAS.validate(doc("invalid/lowercase-kms.yaml"))).containsExactly(".spec.kms: unknown field");
    }

    @Test
    void strictParsingRejectsUnknownFields() throws IOException {
        JsonNode typo = doc("invalid/unknown-field.yaml");
        assertThatThrownBy(() -> parseStrictly(typo)).hasMessageContaining("kee");
        JsonNode lowercase = doc("invalid/lowercase-kms.yaml");
        assertThatThrownBy(() -> parseStrictly(lowercase)).hasMessageContaining("kms");
    }

    @Test
    void oddAckFieldNamesMapToTheModel() throws IOException {
        SecretStore store = (SecretStore) parseStrictly(CrdSchemas.documents(
                Files.readString(EXAMPLES.resolve("ack-readme-rrsa-store.yaml"))).get(0));
        assertThat(store.getSpec().getKms().getKmsAuth().getOidcProviderARN())
                .isEqualTo("acs:ram::1234567890:oidc-provider/ack-rrsa-c1234");

        ExternalSecret es = (ExternalSecret) parseStrictly(doc("examples/externalsecret-secret-sync.yaml"));
        assertThat(es.getStatus().getDataSyncResults().get(0).getExternalSecretKey()).isEqualTo("prod/db");
        assertThat(es.getSpec().getTarget().getCreationPolicy()).isEqualTo("Owner");
        assertThat(es.getSpec().getRolloutRestart()).extracting(RolloutRestartTarget::getName)
                .containsExactly("api", "worker");

        SecretStore dedicated = (SecretStore) parseStrictly(doc("examples/secretstore-dedicated-kms.yaml"));
        assertThat(dedicated.getSpec().getKms().getDedicatedKmsAuth().getClientKeyContent().getKey())
                .isEqualTo("clientKey_KAAP.json");

        JsonNode written = STRICT.valueToTree(es.getStatus());
        assertThat(written.has("ExternalSecretKey") || written.at("/dataSyncResults/0").has("ExternalSecretKey"))
                .isTrue();
    }

    private static JsonNode doc(String resource) throws IOException {
        return CrdSchemas.documents(Files.readString(Path.of("src/test/resources").resolve(resource))).get(0);
    }
}
