package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar in a child JVM, called the way the Python and Go SDKs call KMS: a hand-built
 * RPC request with the legacy HMAC-SHA1 signature, no Alibaba Java code involved.
 */
class KmsEmulatorJarIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern LISTENING = Pattern.compile("KMS emulator listening on (https?://127\\.0\\.0\\.1:\\d+)");

    Process process;
    final List<String> output = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    String startJar(Path seed, String... extra) throws Exception {
        Path jar = Path.of(System.getProperty("testkit.jar", "target/secret-sync-testkit.jar"));
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "--seed", seed.toString(),
                "--port", "0", "--access-key-id", "it-ak", "--access-key-secret", "it-secret-sk"));
        command.addAll(List.of(extra));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
                url.completeExceptionally(new IllegalStateException("the jar stopped: " + output));
            } catch (Exception e) {
                url.completeExceptionally(e);
            }
        }, "jar-output");
        reader.setDaemon(true);
        reader.start();
        return url.get(60, TimeUnit.SECONDS);
    }

    @Test
    void versionAndErrorsFromTheJar() throws Exception {
        Path jar = Path.of(System.getProperty("testkit.jar", "target/secret-sync-testkit.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process version = new ProcessBuilder(java, "-jar", jar.toString(), "--version").redirectErrorStream(true).start();
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .matches("secret-sync-testkit " + Pattern.quote(System.getProperty("project.version"))
                        + "( \\(revision [0-9a-f]{7,}\\))?");
        Process missing = new ProcessBuilder(java, "-jar", jar.toString(), "--seed", "no-such-seed.yaml",
                "--access-key-id", "ak", "--access-key-secret", "sk").redirectErrorStream(true).start();
        assertThat(missing.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(missing.exitValue()).isEqualTo(2);
        assertThat(new String(missing.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("error: --seed: cannot read no-such-seed.yaml").doesNotContain("Exception");
    }

    @Test
    void answersAHandSignedV1ClientThatIsNotOurs(@TempDir Path dir) throws Exception {
        Path seed = Files.writeString(dir.resolve("seed.yaml"), """
                secrets:
                - name: app-db
                  versions:
                  - {id: v1, stages: [ACSPrevious], data: '{"password":"old"}'}
                  - {id: v2, stages: [ACSCurrent], data: '{"password":"new"}'}
                """, StandardCharsets.UTF_8);
        String url = startJar(seed);

        HttpResponse<String> get = SignedRequests.v1Get(url, SignedRequests.v1Params("GET", "GetSecretValue",
                Map.of("SecretName", "app-db", "VersionStage", "ACSPrevious"), "it-ak", "it-secret-sk", null,
                Instant.now()));
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(get.body());
        assertThat(body.get("SecretData").asText()).isEqualTo("{\"password\":\"old\"}");
        assertThat(body.get("VersionId").asText()).isEqualTo("v1");

        HttpResponse<String> list = SignedRequests.v1PostForm(url, SignedRequests.v1Params("POST", "ListSecrets",
                Map.of("PageSize", "5"), "it-ak", "it-secret-sk", null, Instant.now()));
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).get("SecretList").get("Secret").get(0).get("SecretName").asText())
                .isEqualTo("app-db");

        HttpResponse<String> wrong = SignedRequests.v1Get(url, SignedRequests.v1Params("GET", "GetSecretValue",
                Map.of("SecretName", "app-db"), "it-ak", "not-the-secret", null, Instant.now()));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrong.body()).get("Code").asText()).isEqualTo("SignatureDoesNotMatch");

        assertThat(String.join("\n", output)).contains("it-ak").doesNotContain("it-secret-sk");
    }

    @Test
    void servesHttpsWithACertificateOtherClientsCanTrust(@TempDir Path dir) throws Exception {
        Path seed = Files.writeString(dir.resolve("seed.yaml"),
                "secrets: [{name: tls, versions: [{id: t1, stages: [ACSCurrent], data: over-tls}]}]",
                StandardCharsets.UTF_8);
        Path ca = dir.resolve("ca.pem");
        String url = startJar(seed, "--https", "--ca-out", ca.toString());
        assertThat(url).startsWith("https://127.0.0.1:");

        // a client that trusts only the written certificate, and checks the host name (127.0.0.1 SAN)
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("emulator",
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(tls).build();

        Map<String, String> params = SignedRequests.v1Params("GET", "GetSecretValue", Map.of("SecretName", "tls"),
                "it-ak", "it-secret-sk", null, Instant.now());
        HttpResponse<String> get = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url + "/?" + SignedRequests.form(params))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        assertThat(JSON.readTree(get.body()).get("SecretData").asText()).isEqualTo("over-tls");
    }
}
