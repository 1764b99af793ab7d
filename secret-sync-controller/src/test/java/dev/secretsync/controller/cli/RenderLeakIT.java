package dev.secretsync.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 5 for {@code render}: canary values through its success path and every kind of failure
 * (bad input, fetch errors, values that do not fit the spec), with logging at DEBUG. The canary may
 * appear only in the rendered Secrets' data on stdout: never on stderr, in a log line, in the
 * Secrets' metadata, or in any Secret that failed.
 */
class RenderLeakIT {

    static final String C = "CANARY-7f3a9c";

    /** Good resources whose data must carry a canary, and bad ones whose names must be on stderr. */
    static final Map<String, String> GOOD = Map.of(
            "plain", "data: [{key: leak-text, name: t}]",
            "json-path", "data: [{key: leak-json, name: j, jmesPath: [{path: password, objectAlias: pw}]}]",
            "extract", "dataProcess: [{extract: {key: leak-json}}]",
            "template", "data: [{key: leak-json, name: j}]\n  target: {template: {data: {x: '{{ index (.j | fromJson) \"password\" | upper }}'}}}",
            "binary", "data: [{key: leak-binary, name: b}]");

    static final Map<String, String> BAD = Map.ofEntries(
            Map.entry("extract-text", "dataProcess: [{extract: {key: leak-yaml-ish}}]"),
            Map.entry("extract-list", "dataProcess: [{extract: {key: leak-list}}]"),
            Map.entry("jmes-on-text", "data: [{key: leak-yaml-ish, name: t, jmesPath: [{path: a, objectAlias: b}]}]"),
            Map.entry("template-printf", "data: [{key: leak-text, name: v}]\n  target: {template: {data: {x: '{{ printf \"%d\" .v }}'}}}"),
            Map.entry("template-b64dec", "data: [{key: leak-json, name: j}]\n  target: {template: {data: {x: '{{ index (.j | fromJson) \"password\" | b64dec }}'}}}"),
            Map.entry("template-fromjson", "data: [{key: leak-yaml-ish, name: j}]\n  target: {template: {data: {x: '{{ index (.j | fromJson) \"a\" }}'}}}"),
            Map.entry("template-missing-key", "data: [{key: leak-text, name: v}]\n  target: {template: {data: {x: '{{ .v }}{{ .nope }}'}}}"),
            Map.entry("binary-into-text", "data: [{key: leak-binary, name: b}]\n  target: {template: {data: {x: '{{ .b | upper }}'}}}"),
            Map.entry("too-big", "data: [{key: leak-big, name: big}]"),
            Map.entry("duplicate", "data: [{key: leak-json, name: user}]\n  dataProcess: [{extract: {key: leak-json}}]"),
            Map.entry("bad-key-from-value", "dataProcess: [{extract: {key: leak-bad-keys}}]"),
            Map.entry("missing-secret", "data: [{key: not-in-kms, name: x}]"),
            Map.entry("missing-version", "data: [{key: leak-text, name: x, versionId: v9}]"),
            Map.entry("missing-stage", "data: [{key: leak-text, name: x, versionStage: NoSuchStage}]"),
            Map.entry("replace-bad-regex", "dataProcess: [{extract: {key: leak-json}, replaceRule: [{source: '(', target: x}]}]"),
            Map.entry("unknown-store", "data: [{key: leak-text, name: x, secretStoreRef: {name: nowhere}}]"));

    record Run(int code, String out, String err, String console) {
    }

    /** render configures logging for the process; give the tests that follow logback's default back. */
    @AfterAll
    static void restoreLogging() throws Exception {
        RenderTest.restoreLogging();
    }

    static Run render(String... args) {
        // Log lines go to the process's stderr (stdout carries the YAML): capture both streams too.
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            RenderTest.Run run = RenderTest.render(args);
            capture.flush();
            return new Run(run.code(), run.out(), run.err(), console.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    @SuppressWarnings("unchecked") // YAML documents as maps
    void canariesAppearOnlyInTheDataOfTheRenderedSecrets(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("seed.yaml"), """
                secrets:
                - name: leak-text
                  versions: [{id: v1, stages: [ACSCurrent], data: '%1$s-text'}]
                - name: leak-json
                  versions: [{id: v1, stages: [ACSCurrent], data: '{"user":"u","password":"%1$s-json"}'}]
                - name: leak-yaml-ish
                  versions: [{id: v1, stages: [ACSCurrent], data: '%1$s-yaml: [unclosed'}]
                - name: leak-list
                  versions: [{id: v1, stages: [ACSCurrent], data: '["%1$s-list"]'}]
                - name: leak-bad-keys
                  versions: [{id: v1, stages: [ACSCurrent], data: '{"%1$s key!":"x"}'}]
                - name: leak-binary
                  dataType: binary
                  versions: [{id: v1, stages: [ACSCurrent], data: '%2$s'}]
                - name: leak-big
                  versions: [{id: v1, stages: [ACSCurrent], data: '%1$s-big%3$s'}]
                """.formatted(C, Base64.getEncoder().encodeToString((C + "-binary\u0000\u00ff").getBytes(StandardCharsets.ISO_8859_1)),
                "x".repeat(1_100_000)));
        StringBuilder manifests = new StringBuilder();
        Map<String, String> all = new java.util.TreeMap<>(GOOD);
        all.putAll(BAD);
        all.forEach((name, spec) -> manifests.append("""
                ---
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: %s, namespace: team}
                spec:
                  %s
                """.formatted(name, spec)));
        // Invalid documents next to them: their text (a canary in a bad field) must not be echoed either.
        manifests.append("""
                ---
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: typo, namespace: team}
                spec:
                  dataa: [{key: %1$s-typo}]
                ---
                key: [%1$s-unclosed
                """.formatted(C));
        Files.writeString(dir.resolve("resources.yaml"), manifests);

        Run run = render("--log-level", "debug", "--kms-seed", dir.resolve("seed.yaml").toString(),
                "-f", dir.resolve("resources.yaml").toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.console()).as("DEBUG logging was on").contains("DEBUG");
        // Every bad resource is reported on stderr, one line each, and the good ones still render.
        List<String> errors = run.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).hasSize(BAD.size() + 2);
        BAD.keySet().forEach(name -> assertThat(run.err()).contains("error: team/" + name + ": "));
        assertThat(run.err()).containsPattern("resources\\.yaml:\\d+:3: ExternalSecret does not match its schema at spec\\.dataa")
                .containsPattern("resources\\.yaml:\\d+:1: not valid YAML");

        List<Map<String, Object>> secrets = new ArrayList<>();
        for (String doc : run.out().split("(?m)^---$")) {
            if (!doc.isBlank()) {
                secrets.add(Serialization.unmarshal(doc, Map.class));
            }
        }
        assertThat(secrets.stream().map(s -> String.valueOf(((Map<?, ?>) s.get("metadata")).get("name"))).toList())
                .containsExactlyInAnyOrderElementsOf(GOOD.keySet());
        StringBuilder outsideData = new StringBuilder();
        for (Map<String, Object> s : secrets) {
            Map<?, ?> data = (Map<?, ?>) s.get("data");
            String decoded = data.values().stream()
                    .map(v -> new String(Base64.getDecoder().decode(v.toString()), StandardCharsets.ISO_8859_1))
                    .reduce("", String::concat);
            assertThat(decoded).as("the canary went through %s", s.get("metadata")).containsIgnoringCase(C);
            s.remove("data");
            outsideData.append(s);
        }
        assertThat(outsideData.toString()).isNotEmpty().doesNotContain(C);
        for (String place : List.of(run.err(), run.console())) {
            assertThat(place).doesNotContain(C).doesNotContain(C.toUpperCase(java.util.Locale.ROOT))
                    .doesNotContain(Base64.getEncoder().encodeToString(C.getBytes(StandardCharsets.UTF_8)).substring(0, 12));
        }
    }
}
