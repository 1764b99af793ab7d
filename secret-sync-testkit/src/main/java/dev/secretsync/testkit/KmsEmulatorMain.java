package dev.secretsync.testkit;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.jar.JarFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar secret-sync-testkit.jar --seed FILE --port PORT --access-key-id ID --access-key-secret SECRET}.
 * Errors are one line on stderr: exit 2 for a usage error, 1 when the emulator cannot start.
 */
@Command(name = "secret-sync-testkit", mixinStandardHelpOptions = true, versionProvider = KmsEmulatorMain.Version.class,
        description = "Serves a local Alibaba Cloud KMS (secrets API) on 127.0.0.1 until stopped.")
public final class KmsEmulatorMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "FILE", description = "Seed file (YAML) with the secrets.")
    Path seed;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "KMS port on 127.0.0.1 (0 = a free port; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--access-key-id", required = true, paramLabel = "ID", description = "Accepted access key id.")
    String accessKeyId;

    @Option(names = "--access-key-secret", required = true, paramLabel = "SECRET",
            description = "Its secret (never printed).")
    String accessKeySecret;

    @Option(names = "--https", description = "Serve KMS over HTTPS with a generated self-signed certificate.")
    boolean https;

    @Option(names = "--sts-port", paramLabel = "PORT", defaultValue = "0",
            description = "STS stand-in port (HTTPS; 0 = a free port).")
    int stsPort;

    @Option(names = "--ca-out", paramLabel = "FILE",
            description = "Write the certificate of the HTTPS endpoints (PEM) here, for clients to trust.")
    Path caOut;

    @Option(names = "--client-key-out", paramLabel = "DIR",
            description = "Create a Client Key: writes clientKey.json and clientKey_password.txt here.")
    Path clientKeyOut;

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new KmsEmulatorMain());
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("Run 'secret-sync-testkit --help' for usage.");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("error: " + message(e));
            return 1;
        });
        return cli;
    }

    /** The message and the cause's ("cannot start ... on 127.0.0.1:8080: Address already in use"); no class names. */
    private static String message(Throwable e) {
        String message = e.getMessage() == null ? "the emulator failed" : e.getMessage();
        Throwable cause = e.getCause();
        return cause == null || cause.getMessage() == null || message.contains(cause.getMessage())
                ? message : message + ": " + cause.getMessage();
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (seed != null && !Files.isReadable(seed)) {
            throw new ParameterException(spec.commandLine(), "--seed: cannot read " + seed);
        }
        KmsEmulator.Builder builder = KmsEmulator.builder().accessKey(accessKeyId, accessKeySecret).https(https)
                .port(port).stsPort(stsPort);
        if (seed != null) {
            builder.seed(seed);
        }
        KmsEmulator emulator = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "kms-emulator-shutdown"));
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        if (caOut != null) {
            Files.writeString(caOut, emulator.caCertificatePem(), StandardCharsets.UTF_8);
            out.println("CA certificate written to " + caOut);
        }
        if (clientKeyOut != null) {
            ClientKey key = emulator.createClientKey();
            Files.createDirectories(clientKeyOut);
            key.writeTo(clientKeyOut.resolve("clientKey.json"));
            Files.writeString(clientKeyOut.resolve("clientKey_password.txt"), key.password(), StandardCharsets.UTF_8);
            out.println("Client Key " + key.keyId() + " written to " + clientKeyOut);
        }
        out.println("KMS emulator listening on " + emulator.url() + " (endpoint " + emulator.endpoint()
                + ", access key id " + accessKeyId + ")");
        out.println("STS stand-in on https://" + emulator.stsEndpoint());
        out.println("Credentials URI " + emulator.credentialsUri());
        stopped.await();
        return 0;
    }

    /** Implementation-Version and SCM-Revision of the jar's manifest (written by the build). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = KmsEmulatorMain.class.getPackage().getImplementationVersion();
            if (version == null) {
                return new String[] {"secret-sync-testkit (development build)"};
            }
            String revision = null;
            try (JarFile jar = new JarFile(Path.of(KmsEmulatorMain.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI()).toFile())) {
                revision = jar.getManifest().getMainAttributes().getValue("SCM-Revision");
            } catch (IOException | URISyntaxException | RuntimeException e) {
                // no revision then
            }
            return new String[] {"secret-sync-testkit " + version
                    + (revision != null && revision.matches("[0-9a-f]{7,40}") ? " (revision " + revision + ")" : "")};
        }
    }
}
