package dev.secretsync.controller.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code render} in-process, over the examples and over resources that fail. */
class RenderTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String CANARY = "CANARY-7f3a9c";

    record Run(int code, String out, String err) {
    }

    static Run render(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "render";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = Main.execute(full, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** render configures logging for the process; give the tests that follow logback's default back. */
    @org.junit.jupiter.api.AfterAll
    static void restoreLogging() throws Exception {
        ch.qos.logback.classic.LoggerContext context =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        context.reset();
        new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
    }

    @Test
    void kubernetesExamplesRenderAsExpected() throws IOException {
        Run run = render("--kms-seed", ROOT.resolve("examples/kubernetes/kms-seed.yaml").toString(),
                "-f", ROOT.resolve("examples/kubernetes/resources").toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo(Files.readString(Path.of("src/test/resources/render/expected-kubernetes.yaml")));
    }

    @Test
    void localExamplesRender() {
        Run run = render("--kms-seed", ROOT.resolve("examples/local/kms-seed.yaml").toString(),
                "-f", ROOT.resolve("examples/local/manifests").toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("kind: Secret");
    }

    @Test
    void oosParametersComeFromTheSeedsParameters(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path seed = Files.writeString(tmp.resolve("seed.yaml"), """
                secrets:
                - name: db-password
                  versions: [{id: v1, stages: [ACSCurrent], data: from-kms}]
                parameters:
                - {name: db-password, value: from-oos}
                """);
        Path manifests = Files.writeString(tmp.resolve("resources.yaml"), """
                apiVersion: alibabacloud.com/v1alpha1
                kind: SecretStore
                metadata: {name: params, namespace: apps}
                spec:
                  OOS:
                    OOSAuth:
                      accessKey: {name: ak, key: id}
                      accessKeySecret: {name: ak, key: secret}
                ---
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: by-store, namespace: apps}
                spec:
                  data: [{key: db-password, name: password, secretStoreRef: {name: params}}]
                ---
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: by-provider, namespace: apps}
                spec:
                  provider: oos
                  data: [{key: db-password, name: password}]
                ---
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: from-kms, namespace: apps}
                spec:
                  data: [{key: db-password, name: password}]
                """);
        Run run = render("--kms-seed", seed.toString(), "-f", manifests.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        String oos = java.util.Base64.getEncoder().encodeToString("from-oos".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String kms = java.util.Base64.getEncoder().encodeToString("from-kms".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(run.out().split("\\n---\\n")).hasSize(3)
                .filteredOn(doc -> doc.contains("name: by-store") || doc.contains("name: by-provider"))
                .hasSize(2).allMatch(doc -> doc.contains(oos));
        assertThat(run.out().split("\\n---\\n")).filteredOn(doc -> doc.contains("name: from-kms"))
                .singleElement().matches(doc -> doc.contains(kms));
    }

    @Test
    void failuresGoToStderrOthersStillRender() {
        Path dir = Path.of("src/test/resources/render/bad");
        Run run = render("--kms-seed", dir.resolve("seed.yaml").toString(), "-f", dir.resolve("resources.yaml").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("name: good").contains("token: Zmlu"); // base64 of "fine"
        assertThat(run.err().lines()).hasSize(5);
        assertThat(run.err())
                .contains("error: team/extract-canary: ")
                .contains("error: team/template-canary: ")
                .contains("error: team/missing-secret: ").contains("not-in-kms")
                .contains("error: team/missing-store: ").contains("SecretStore/team/nowhere")
                .contains("error: team/bad-key: ");
        assertThat(run.err()).doesNotContain(CANARY);
        assertThat(run.out()).doesNotContain(CANARY)
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(CANARY.getBytes()));
    }

    @Test
    void namesThatAreNotKubernetesNamesAreRefusedNamingResourceAndField(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        Files.writeString(tmp.resolve("a.yaml"), """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: escape, namespace: team}
                spec:
                  target:
                    name: ok
                    template:
                      data: {x: "{{ .token }}"}
                      templateFrom: [{configMap: {name: ../../other/configmaps/private-tpl}}]
                  data: [{key: fine, name: token}]
                ---
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: target, namespace: team}
                spec:
                  target: {name: "../kube-system/x"}
                  data: [{key: fine, name: token}]
                """);
        Run run = render("--kms-seed", Path.of("src/test/resources/render/bad/seed.yaml").toString(), "-f", tmp.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactlyInAnyOrder(
                "error: team/escape: InvalidSpec: spec.target.template.templateFrom[0].configMap.name: "
                        + "\"../../other/configmaps/private-tpl\" is not a ConfigMap name: a lowercase RFC 1123 subdomain: "
                        + "a-z, 0-9, '-' and '.', starting and ending with a letter or digit",
                "error: team/target: InvalidSpec: spec.target.name: \"../kube-system/x\" is not a Secret name: a lowercase RFC 1123 "
                        + "subdomain: a-z, 0-9, '-' and '.', starting and ending with a letter or digit");
    }

    @Test
    void unreadableDocumentsAreFailuresToo(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("a.yaml"), """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: typo, namespace: x}
                spec:
                  dataa: []
                ---
                key: [unclosed
                """);
        Run run = render("--kms-seed", Path.of("src/test/resources/render/bad/seed.yaml").toString(), "-f", tmp.toString());
        assertThat(run.code()).isEqualTo(1);
        // file:line:column of the unknown field and of the syntax error
        assertThat(run.err().lines()).containsExactly(
                "error: " + tmp.resolve("a.yaml") + ":5:3: ExternalSecret does not match its schema at spec.dataa",
                "error: " + tmp.resolve("a.yaml") + ":8:1: not valid YAML: expected ',' or ']', but got <stream end>");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(render("-f", "x").code()).isEqualTo(2);
        assertThat(render("--kms-seed", "no-such-seed.yaml", "-f", ROOT.resolve("examples/kubernetes").toString()).code())
                .isEqualTo(2);
        Run missing = render("--kms-seed", ROOT.resolve("examples/kubernetes/kms-seed.yaml").toString(),
                "-f", "no-such-dir");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no-such-dir");
    }
}
