package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The jar's command line: errors are one line (no exception class, no stack trace). */
class KmsEmulatorMainTest {

    record Run(int code, String out, String err) {
        static Run of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = KmsEmulatorMain.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int code = cli.execute(args);
            return new Run(code, out.toString(), err.toString());
        }
    }

    @Test
    void aMissingSeedIsAUsageErrorNamingTheFile() {
        Run run = Run.of("--seed", "no-such-seed.yaml", "--access-key-id", "ak", "--access-key-secret", "sk");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly("error: --seed: cannot read no-such-seed.yaml",
                "Run 'secret-sync-testkit --help' for usage.");
    }

    @Test
    void anInvalidSeedOrABusyPortIsOneLine(@TempDir Path dir) throws Exception {
        Path seed = Files.writeString(dir.resolve("seed.yaml"), "secrets:\n- name: a\n  versoins: []\n");
        Run invalid = Run.of("--seed", seed.toString(), "--access-key-id", "ak", "--access-key-secret", "sk");
        assertThat(invalid.code()).isEqualTo(1);
        assertThat(invalid.err().lines()).singleElement().asString().startsWith("error: ").doesNotContain("Exception");

        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Run run = Run.of("--port", Integer.toString(busy.getLocalPort()), "--access-key-id", "ak",
                    "--access-key-secret", "sk");
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err().lines()).singleElement().asString()
                    .startsWith("error: cannot start the KMS emulator on 127.0.0.1:" + busy.getLocalPort() + ": ");
        }
    }

    @Test
    void versionOutsideAJarSaysSo() {
        assertThat(Run.of("--version").out().strip()).isEqualTo("secret-sync-testkit (development build)");
    }
}
