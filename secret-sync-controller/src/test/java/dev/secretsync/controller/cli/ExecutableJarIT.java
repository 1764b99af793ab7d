package dev.secretsync.controller.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded jar as users run it: a separate JVM, {@code java -jar}. */
class ExecutableJarIT {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Run(int code, String out, String err) {
    }

    static Run java(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("controller.jar", "target/secret-sync-controller.jar"));
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(p.exitValue(), read(out), read(err));
    }

    private static String read(Path p) throws IOException {
        String s = Files.readString(p, StandardCharsets.UTF_8);
        Files.delete(p);
        return s;
    }

    @Test
    void renderFromTheJar() throws Exception {
        Run run = java("render", "--kms-seed", ROOT.resolve("examples/kubernetes/kms-seed.yaml").toString(),
                "-f", ROOT.resolve("examples/kubernetes/resources").toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo(Files.readString(Path.of("src/test/resources/render/expected-kubernetes.yaml")));
    }

    @Test
    void renderFailuresFromTheJar() throws Exception {
        Path dir = Path.of("src/test/resources/render/bad");
        Run run = java("render", "--kms-seed", dir.resolve("seed.yaml").toString(), "-f", dir.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("name: good");
        assertThat(run.err()).contains("team/extract-canary").doesNotContain("CANARY-7f3a9c");
    }

    @Test
    void localDemoOnce() throws Exception {
        Run run = java("local", "--once", "--dir", ROOT.resolve("examples/local").toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("First full sync after")
                .containsPattern("demo +app +True +SecretSynced +app-settings +api-token,log_level,max_conns")
                .containsPattern("demo +db +True +SecretSynced +db-credentials +host,password,port,url,username");
        // Names, keys and versions only: never a value.
        assertThat(run.out() + run.err()).doesNotContain("local-demo-password-1").doesNotContain("local-demo-token-1");
        // The address it listens on.
        assertThat(run.out()).containsPattern("Kubernetes API +http://127\\.0\\.0\\.1:\\d+/").doesNotContain("localhost");
    }

    @Test
    void runServesProbesAndMetricsAndStopsOnSigterm(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        try (StandIns.ApiServer api = StandIns.apiServer()) {
            Path kubeconfig = tmp.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: stand-in, cluster: {server: "%s"}}]
                    users: [{name: tester, user: {token: not-a-secret}}]
                    contexts: [{name: test, context: {cluster: stand-in, user: tester, namespace: secret-sync}}]
                    current-context: test
                    """.formatted(api.url()));
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path log = tmp.resolve("log.txt");
            Path jar = Path.of(System.getProperty("controller.jar", "target/secret-sync-controller.jar"));
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    jar.toString(), "run", "--kubeconfig", kubeconfig.toString(), "--http-address=127.0.0.1",
                    "--http-port=" + port, "--region=cn-hangzhou", "--log-format=json")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
                    try {
                        return http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> get.apply("/readyz").statusCode() == 200);
                assertThat(get.apply("/healthz").statusCode()).isEqualTo(200);
                String metrics = get.apply("/metrics").body();
                assertThat(metrics).contains("secretsync_workqueue_depth").contains("jvm_memory_used_bytes");
                // The lease in the kubeconfig's namespace: this instance leads.
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> get.apply("/metrics").body().contains("secretsync_leader 1.0"));
                assertThat(api.client().leases().inNamespace("secret-sync").withName("secret-sync-controller-lock").get())
                        .isNotNull();
            } finally {
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            String output = Files.readString(log);
            assertThat(output.lines().filter(l -> !l.isBlank()))
                    .allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
            assertThat(output).contains("Shutting down");
        }
    }

    @Test
    void versionAndUsage() throws Exception {
        // Implementation-Version, and the git revision when the build ran in a checkout.
        assertThat(java("--version").out().strip()).matches("secret-sync-controller "
                + java.util.regex.Pattern.quote(System.getProperty("project.version")) + "( \\(revision [0-9a-f]{7,}\\))?");
        Run usage = java("run", "--polling-interval=soon");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err().lines()).hasSize(2).first().asString().contains("--polling-interval")
                .doesNotContain("Exception", "java.");
    }
}
