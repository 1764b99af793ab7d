package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedTest {
    static final String CANARY = "CANARY-7f3a9c";

    @Test
    void parsesTheDocumentedFormat() {
        Seed seed = Seed.parse("""
                secrets:
                - name: app-db
                  type: Generic
                  dataType: text
                  description: db
                  rotationInterval: 604800s
                  nextRotationDate: '2030-01-01T00:00:00Z'
                  extendedConfig: {a: 1}
                  tags: {team: x}
                  versions:
                  - {id: v1, stages: [ACSPrevious], data: '{"password":"old"}'}
                  - {id: v2, stages: [ACSCurrent], data: '{"password":"new"}', createTime: '2029-01-01T00:00:00Z'}
                - name: bin
                  dataType: binary
                  rotationInterval: P7D
                  versions: [{id: b, stages: [ACSCurrent], data: AAE=}]
                """);
        assertThat(seed.secrets()).hasSize(2);
        Seed.Secret db = seed.secrets().get(0);
        assertThat(db.type()).isEqualTo("Generic");
        assertThat(db.dataType()).isEqualTo(Seed.DataType.TEXT);
        assertThat(db.rotationInterval()).isEqualTo(Duration.ofDays(7));
        assertThat(db.automaticRotation()).isEqualTo("Enabled");
        assertThat(db.nextRotationDate()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(db.extendedConfig()).isEqualTo("{\"a\":1}");
        assertThat(db.tags()).containsEntry("team", "x");
        assertThat(db.versions()).extracting(Seed.Version::id).containsExactly("v1", "v2");
        assertThat(db.versions().get(1).createTime()).isEqualTo(Instant.parse("2029-01-01T00:00:00Z"));
        assertThat(seed.secrets().get(1).dataType()).isEqualTo(Seed.DataType.BINARY);
        assertThat(seed.secrets().get(1).rotationInterval()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void defaultsAreGenericTextWithoutRotation() {
        Seed.Secret s = Seed.parse("secrets: [{name: a, versions: [{id: '1', stages: [ACSCurrent], data: x}]}]")
                .secrets().get(0);
        assertThat(s.type()).isEqualTo("Generic");
        assertThat(s.dataType()).isEqualTo(Seed.DataType.TEXT);
        assertThat(s.automaticRotation()).isEqualTo("Disabled");
        assertThat(Seed.parse("").secrets()).isEmpty();
    }

    @Test
    void mistakesAreNamedWithoutShowingValues() {
        assertThatThrownBy(() -> Seed.parse("secrets: [{name: a, versoins: []}]"))
                .hasMessageContaining("unknown field 'versoins'");
        assertThatThrownBy(() -> Seed.parse("""
                secrets: [{name: a, versions: [{id: '1', stages: [ACSCurrent], data: x},
                                               {id: '2', stages: [ACSCurrent], data: y}]}]"""))
                .hasMessageContaining("stage ACSCurrent on two versions");
        assertThatThrownBy(() -> Seed.parse("secrets: [{name: a, versions: [{id: '1', data: x}, {id: '1', data: y}]}]"))
                .hasMessageContaining("repeats version id 1");
        assertThatThrownBy(() -> Seed.parse("secrets: [{name: a, dataType: binary, versions: [{id: '1', data: '"
                + CANARY + "!'}]}]"))
                .hasMessageContaining("not base64").hasMessageNotContaining(CANARY);
        assertThatThrownBy(() -> Seed.parse("secrets: [{name: a, dataType: json, versions: []}]"))
                .hasMessageContaining("text or binary");
        assertThatThrownBy(() -> Seed.parse("secrets: [{name: a}, {name: a}]")).hasMessageContaining("twice");
        assertThatThrownBy(() -> Seed.parse("secrets: [{name: a, rotationInterval: soon}]"))
                .hasMessageContaining("rotationInterval");
        assertThatThrownBy(() -> Seed.parse("secrets: {name: a}")).hasMessageContaining("must be a list");
        assertThatThrownBy(() -> Seed.parse("secrets: [{name: a, versions: [{id: v, data: '" + CANARY
                + "'}]}]: [")).hasMessageNotContaining(CANARY);
    }

    @Test
    void oosParametersAreATopLevelList() {
        Seed seed = Seed.parse("parameters: [{name: db-password, value: " + CANARY + "}]");
        assertThat(seed.secrets()).isEmpty();
        assertThat(seed.parameters()).containsExactly(new Seed.Parameter("db-password", CANARY));
        assertThat(seed.toString() + seed.parameters()).doesNotContain(CANARY).contains("1 parameters");
        assertThatThrownBy(() -> Seed.parse("parameters: [{name: a, value: x}, {name: a, value: y}]"))
                .hasMessageContaining("parameter a twice");
        assertThatThrownBy(() -> Seed.parse("parameters: [{name: a, value: x, version: 3}]"))
                .hasMessageContaining("unknown field 'version'");
        assertThatThrownBy(() -> Seed.parse("parameters: [{name: a}]")).hasMessageContaining("value of parameter a");
        assertThatThrownBy(() -> Seed.parse("paramaters: []")).hasMessageContaining("unknown field 'paramaters'");
    }

    @Test
    void toStringNeverShowsData() {
        Seed seed = Seed.parse("secrets: [{name: a, versions: [{id: '1', stages: [ACSCurrent], data: " + CANARY + "}]}]");
        assertThat(seed.toString()).doesNotContain(CANARY);
        assertThat(seed.secrets().get(0).toString()).doesNotContain(CANARY).contains("redacted");
        assertThat(seed.secrets().get(0).versions().get(0).toString()).doesNotContain(CANARY);
    }

    @Test
    void loadsFromAFileAndSeedsTheEmulator(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("seed.yaml"),
                "secrets: [{name: f, versions: [{id: '1', stages: [ACSCurrent], data: from-file}]}]",
                StandardCharsets.UTF_8);
        try (KmsEmulator kms = KmsEmulator.builder().accessKey("ak", "sk").seed(file).build().start()) {
            assertThat(KmsClients.client(kms, "ak", "sk").getSecretValue(
                    new com.aliyun.kms20160120.models.GetSecretValueRequest().setSecretName("f")).getBody()
                    .getSecretData()).isEqualTo("from-file");
        }
        assertThatThrownBy(() -> Seed.load(dir.resolve("missing.yaml"))).hasMessageContaining("missing.yaml");
    }
}
