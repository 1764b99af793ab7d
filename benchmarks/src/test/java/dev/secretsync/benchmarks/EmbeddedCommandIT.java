package dev.secretsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged jar's {@code embedded} command in a tiny configuration (in-process JMH, one
 * 100 ms iteration, a 2 s outage) and checks the figures line. Never checks a timing.
 */
class EmbeddedCommandIT {

    private static final List<String> KEYS = List.of(
            "benchmark", "nproc", "jdk", "threads", "jmh_forks", "jmh_warmup_iterations", "jmh_iterations",
            "jmh_iteration_ms",
            "secretsync_ops_per_s_1t", "peer_ops_per_s_1t", "ratio_1t",
            "secretsync_p50_ns_1t", "secretsync_p99_ns_1t", "peer_p50_ns_1t", "peer_p99_ns_1t",
            "peer_no_json_ttl_ops_per_s_1t", "peer_no_json_ttl_p50_ns_1t", "peer_no_json_ttl_p99_ns_1t",
            "ratio_no_json_ttl_1t",
            "secretsync_ops_per_s_2t", "peer_ops_per_s_2t", "ratio_2t",
            "secretsync_p50_ns_2t", "secretsync_p99_ns_2t", "peer_p50_ns_2t", "peer_p99_ns_2t",
            "peer_no_json_ttl_ops_per_s_2t", "peer_no_json_ttl_p50_ns_2t", "peer_no_json_ttl_p99_ns_2t",
            "ratio_no_json_ttl_2t",
            "outage_s", "outage_refresh_s");

    private static final List<String> OUTAGE_FIELDS = List.of(
            "reads", "served", "errors", "error_types", "max_read_ms", "blocked_reads", "blocked_s", "kms_calls",
            "kms_calls_after", "recovered");

    @Test
    void embeddedPrintsEveryFigureAsJsonOnItsLastLine(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("benchmarks.jar"));
        assertThat(jar).exists();
        Path stdout = dir.resolve("stdout.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + System.getProperty("user.home"),
                "-jar", jar.toString(),
                "embedded", "--threads", "1,2", "--forks", "0", "--warmup-iterations", "0", "--iterations", "1",
                "--duration", "100ms", "--outage", "2s"));
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("the command finished within its bound").isTrue();
        assertThat(process.exitValue()).as("exit code; stderr in " + dir + File.separator + "stderr.txt").isZero();

        List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();
        JsonNode figures = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(figures.isObject()).isTrue();
        List<String> expected = new ArrayList<>(KEYS);
        for (String client : List.of("secretsync", "peer")) {
            OUTAGE_FIELDS.forEach(field -> expected.add(client + "_outage_" + field));
        }
        for (String key : expected) {
            assertThat(figures.has(key)).as("key %s", key).isTrue();
        }
        assertThat(figures.get("benchmark").asText()).isEqualTo("embedded");
        assertThat(figures.get("secretsync_ops_per_s_1t").isNumber()).isTrue();
        assertThat(figures.get("peer_ops_per_s_2t").isNumber()).isTrue();
        assertThat(figures.get("ratio_1t").isNumber()).isTrue();
        assertThat(figures.get("peer_no_json_ttl_p99_ns_2t").isNumber()).isTrue();
        assertThat(figures.get("secretsync_outage_recovered").isBoolean()).isTrue();
        // Behaviour, not timing: secret-sync serves the value it holds through the whole outage.
        assertThat(figures.get("secretsync_outage_reads").asLong()).isPositive();
        assertThat(figures.get("secretsync_outage_errors").asLong()).isZero();
        assertThat(figures.get("secretsync_outage_served").asLong())
                .isEqualTo(figures.get("secretsync_outage_reads").asLong());
    }
}
