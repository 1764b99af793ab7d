package dev.secretsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged jar's {@code scale} command small (50 bindings over 10 secrets, two 2 s cycles)
 * against its default API stand-in ({@link IndexedApiServer}) and checks the figures line: its keys and the counts that do not depend on timing. Never checks a
 * timing.
 */
class ScaleCommandIT {

    private static final List<String> KEYS = List.of(
            "bindings", "distinct_secrets", "first_sync_s", "kms_calls_per_cycle", "idle_k8s_requests_per_cycle",
            "idle_k8s_writes_per_cycle", "rotation_p50_ms", "rotation_p99_ms", "heap_mib", "cpu_s_per_idle_cycle",
            "baseline_first_sync_s", "baseline_kms_calls_per_cycle", "baseline_idle_k8s_requests_per_cycle",
            "baseline_is_model", "first_sync_kms_calls", "rotation_observed", "rotation_secrets_expected",
            "first_sync_missing_secrets", "api_server", "heap_upper_bound_mib", "first_sync_k8s_requests");

    private static String tail(Path file) throws java.io.IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Test
    void scalePrintsTheFiguresAndTheCostFloorCounts(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("benchmarks.jar"));
        assertThat(jar).exists();
        Path stdout = dir.resolve("stdout.txt");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + System.getProperty("user.home"),
                "-jar", jar.toString(),
                "scale", "--bindings", "50", "--secrets", "10", "--cycles", "2", "--interval", "2s",
                "--baseline-sample", "10", "--timeout", "60s")
                .redirectOutput(stdout.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("the command finished within its bound").isTrue();
        assertThat(process.exitValue()).as("exit code; stderr:%n%s", tail(dir.resolve("stderr.txt"))).isZero();

        List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();
        JsonNode figures = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        for (String key : KEYS) {
            assertThat(figures.has(key)).as("key %s", key).isTrue();
        }
        assertThat(figures.get("bindings").asInt()).isEqualTo(50);
        assertThat(figures.get("distinct_secrets").asInt()).isEqualTo(10);
        assertThat(figures.get("api_server").asText()).isEqualTo("indexed");
        // The stand-in counted at least the 50 Secret creates.
        assertThat(figures.get("first_sync_k8s_requests").asLong()).isGreaterThanOrEqualTo(50);
        assertThat(figures.get("heap_mib").isNumber()).isTrue();
        // The cost floor: one KMS call per distinct secret per cycle, nothing for the API when idle.
        assertThat(figures.get("kms_calls_per_cycle").asLong()).isEqualTo(10);
        assertThat(figures.get("idle_k8s_requests_per_cycle").asDouble()).isZero();
        assertThat(figures.get("idle_k8s_writes_per_cycle").asDouble()).isZero();
        // Rotating 1% (at least one secret) reaches each of its Secrets (5, less any the first sync
        // never created: first_sync_missing_secrets, a known controller issue reported in BENCHMARKS.md).
        int missing = figures.get("first_sync_missing_secrets").asInt();
        assertThat(figures.get("rotation_secrets_expected").asInt()).isBetween(5 - missing, 5);
        assertThat(figures.get("rotation_observed").asInt()).isEqualTo(figures.get("rotation_secrets_expected").asInt());
        // The model: one call and one uncached Secret read per binding per cycle.
        assertThat(figures.get("baseline_is_model").asBoolean()).isTrue();
        assertThat(figures.get("baseline_kms_calls_per_cycle").asLong()).isEqualTo(50);
        assertThat(figures.get("baseline_idle_k8s_requests_per_cycle").asLong()).isEqualTo(50);
        assertThat(figures.get("baseline_idle_k8s_writes_per_cycle").asLong()).isZero();
    }
}
