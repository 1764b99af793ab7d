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
    }

    @Test
    void versionAndUsage() throws Exception {
        assertThat(java("--version").out()).contains("secret-sync-controller");
        Run usage = java("run", "--polling-interval=soon");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("--polling-interval");
    }
}
