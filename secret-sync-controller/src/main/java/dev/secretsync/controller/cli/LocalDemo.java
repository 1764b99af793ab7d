package dev.secretsync.controller.cli;

import dev.secretsync.controller.Controller;
import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.controller.translate.ExternalSecretTranslator;
import dev.secretsync.controller.translate.InvalidSpecException;
import dev.secretsync.controller.server.ProbeServer;
import dev.secretsync.core.SourceRef;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.model.StatusCondition;
import dev.secretsync.k8s.sink.TargetOptions;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsStoreConfig;
import dev.secretsync.testkit.KmsEmulator;
import dev.secretsync.testkit.Seed;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** The local demo's work (see {@link LocalCommand}); the only user of the stand-ins besides {@code render}. */
final class LocalDemo {

    /** The emulator's key; examples/local/manifests keep the same pair in the SecretStore's Secret. */
    static final String ACCESS_KEY_ID = "local-demo-access-key";
    static final String ACCESS_KEY_SECRET = "local-demo-access-key-secret";

    private final Options options;
    private final PrintWriter out;
    /** The current KMS version of each secret, as the demo knows it (seed, then rotations). */
    private final Map<String, String> kmsVersions = new ConcurrentHashMap<>();

    private LocalDemo(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /** What {@code local} was asked for (see {@link LocalCommand}'s options). */
    record Options(Path dir, boolean once, String rotate, Duration rotateAfter, Duration timeout, int httpPort) {
    }

    static int run(Options options, PrintWriter out) throws Exception {
        return new LocalDemo(options, out).run();
    }

    private int run() throws Exception {
        Seed seed = Seed.load(options.dir().resolve("kms-seed.yaml"));
        seed.secrets().forEach(s -> s.versions().stream().filter(v -> v.stages().contains("ACSCurrent"))
                .findFirst().ifPresent(v -> kmsVersions.put(s.name(), v.id())));
        Manifests manifests = Manifests.read(List.of(options.dir().resolve("manifests")));
        if (!manifests.problems.isEmpty()) {
            manifests.problems.forEach(p -> out.println("error: " + p));
            return 1;
        }
        ControllerSettings settings = ControllerSettings.builder()
                .region("cn-hangzhou")
                .pollingInterval(Duration.ofSeconds(30))
                .leaderElection(false)
                .allowLoopbackEndpoints(true)
                .maxKmsPullsPerSecond(50)
                .build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        try (KmsEmulator kms = KmsEmulator.builder().accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET).seed(seed).build().start();
             StandIns.ApiServer api = StandIns.apiServer()) {
            KubernetesClient client = api.client();
            out.printf("KMS emulator      http://%s (%d secrets from %s)%n", kms.endpoint(), seed.secrets().size(),
                    options.dir().resolve("kms-seed.yaml"));
            out.printf("Kubernetes API    %s (in-process stand-in, CRUD)%n", api.url());
            apply(client, manifests);
            out.printf("Applied           %d manifests from %s%n", count(manifests), options.dir().resolve("manifests"));

            KmsStoreConfig defaultStore = KmsStoreConfig.builder().region("cn-hangzhou").endpoint(kms.endpoint())
                    .protocol(KmsStoreConfig.Protocol.HTTP).allowLoopbackEndpoint(true)
                    .auth(KmsAuth.accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET)).build();
            try (Controller controller = Controller.builder(client, settings, registry)
                         .defaultStore(defaultStore)
                         // Every store reaches the emulator: the SecretStore's own AccessKey is still resolved.
                         .storeCustomizer(b -> b.endpoint(kms.endpoint()).protocol(KmsStoreConfig.Protocol.HTTP))
                         .build();
                 ProbeServer server = ProbeServer.start(new InetSocketAddress("127.0.0.1", options.httpPort()), registry,
                         () -> controller.isHealthy(), () -> controller.isReady())) {
                controller.start();
                out.printf("Controller        started; metrics at http://127.0.0.1:%d/metrics%n%n", server.port());
                Instant started = Instant.now();
                if (!await(() -> allReady(client), options.timeout())) {
                    out.println("The first sync did not complete within " + options.timeout().toSeconds() + "s:");
                    table(client, settings, null);
                    return 1;
                }
                out.printf("First full sync after %d ms:%n", Duration.between(started, Instant.now()).toMillis());
                Map<String, String> hashes = table(client, settings, null);
                if (options.once()) {
                    return 0;
                }
                return rotateAndWatch(client, kms, settings, hashes);
            }
        }
    }

    private int rotateAndWatch(KubernetesClient client, KmsEmulator kms, ControllerSettings settings,
                               Map<String, String> hashes) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "secret-sync-local-stop"));
        if (stop.await(options.rotateAfter().toMillis(), TimeUnit.MILLISECONDS)) {
            return 0;
        }
        String name = options.rotate();
        String before = kmsVersions.get(name);
        if (before == null) {
            out.println("error: --rotate: no secret '" + name + "' in the seed");
            return 1;
        }
        // A new value of the same shape; never printed.
        String newValue = rotated(kms, name);
        String after = kms.rotate(name, newValue);
        kmsVersions.put(name, after);
        Instant rotatedAt = Instant.now();
        out.printf("%nRotated %s in KMS: %s -> %s. Waiting for the controller's next refresh...%n", name, before, after);
        if (!await(() -> !currentHashes(client).equals(hashes), Duration.ofSeconds(90))) {
            out.println("The change did not arrive within 90s");
            return 1;
        }
        await(() -> allReady(client), options.timeout());
        out.printf("The change arrived after %d ms (* = changed):%n", Duration.between(rotatedAt, Instant.now()).toMillis());
        Map<String, String> last = table(client, settings, hashes);
        out.println();
        out.println("Watching; the table is printed again when something changes. Ctrl-C stops.");
        out.flush();
        while (!stop.await(1, TimeUnit.SECONDS)) {
            Map<String, String> now = currentHashes(client);
            if (!now.equals(last)) {
                Map<String, String> previous = last;
                last = table(client, settings, previous);
            }
        }
        return 0;
    }

    /** Same shape as the seeded value (JSON fields keep their names), with new content. */
    private static String rotated(KmsEmulator kms, String name) {
        String stamp = Long.toString(System.currentTimeMillis() % 100000);
        return "{\"username\":\"orders\",\"password\":\"local-demo-password-" + stamp
                + "\",\"host\":\"db.demo.svc\",\"port\":5432}";
    }

    private static void apply(KubernetesClient client, Manifests m) {
        m.namespaces.forEach(ns -> client.namespaces().resource(ns).create());
        m.secrets.forEach(s -> client.secrets().resource(s).create());
        m.configMaps.forEach(c -> client.configMaps().resource(c).create());
        m.secretStores.forEach(s -> client.resources(SecretStore.class).resource(s).create());
        m.clusterSecretStores.forEach(s -> client.resources(ClusterSecretStore.class).resource(s).create());
        m.externalSecrets.forEach(e -> client.resources(ExternalSecret.class).resource(e).create());
        m.clusterExternalSecrets.forEach(c -> client.resources(ClusterExternalSecret.class).resource(c).create());
    }

    private static int count(Manifests m) {
        return m.namespaces.size() + m.secrets.size() + m.configMaps.size() + m.secretStores.size()
                + m.clusterSecretStores.size() + m.externalSecrets.size() + m.clusterExternalSecrets.size();
    }

    private static boolean allReady(KubernetesClient client) {
        List<ExternalSecret> all = client.resources(ExternalSecret.class).inAnyNamespace().list().getItems();
        return !all.isEmpty() && all.stream().allMatch(es -> ready(es).map(c -> "True".equals(c.getStatus())).orElse(false)
                && secret(client, es) != null);
    }

    private static Optional<StatusCondition> ready(ExternalSecret es) {
        if (es.getStatus() == null || es.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return es.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    private static Secret secret(KubernetesClient client, ExternalSecret es) {
        String target = TargetOptions.targetOf(es);
        int slash = target.indexOf('/');
        return client.secrets().inNamespace(target.substring(0, slash)).withName(target.substring(slash + 1)).get();
    }

    /** Target -> content hash of every Secret an ExternalSecret names. */
    private static Map<String, String> currentHashes(KubernetesClient client) {
        Map<String, String> hashes = new TreeMap<>();
        for (ExternalSecret es : client.resources(ExternalSecret.class).inAnyNamespace().list().getItems()) {
            Secret s = secret(client, es);
            hashes.put(TargetOptions.targetOf(es), s == null || s.getMetadata().getAnnotations() == null ? "-"
                    : s.getMetadata().getAnnotations().getOrDefault(Metadata.CONTENT_HASH_ANNOTATION, "-"));
        }
        return hashes;
    }

    /** Prints the table (names, readiness, keys, versions: never values); returns the hashes shown. */
    private Map<String, String> table(KubernetesClient client, ControllerSettings settings, Map<String, String> previous) {
        ExternalSecretTranslator translator = new ExternalSecretTranslator(settings);
        List<ExternalSecret> all = new ArrayList<>(client.resources(ExternalSecret.class).inAnyNamespace().list().getItems());
        all.sort(Comparator.comparing((ExternalSecret es) -> es.getMetadata().getNamespace())
                .thenComparing(es -> es.getMetadata().getName()));
        List<String[]> rows = new ArrayList<>();
        // The content hash is used to spot a change but not shown: a hash of a short value can be guessed back.
        rows.add(new String[] {"", "NAMESPACE", "EXTERNALSECRET", "READY", "REASON", "SECRET", "KEYS", "KMS VERSIONS"});
        Map<String, String> hashes = currentHashes(client);
        for (ExternalSecret es : all) {
            Optional<StatusCondition> ready = ready(es);
            Secret s = secret(client, es);
            String target = TargetOptions.targetOf(es);
            String keys = s == null || s.getData() == null ? "-" : String.join(",", new TreeSet<>(s.getData().keySet()));
            String hash = hashes.getOrDefault(target, "-");
            boolean changed = previous != null && !hash.equals(previous.get(target));
            rows.add(new String[] {changed ? "*" : "", es.getMetadata().getNamespace(), es.getMetadata().getName(),
                    ready.map(StatusCondition::getStatus).orElse("-"), ready.map(StatusCondition::getReason).orElse("-"),
                    target.substring(target.indexOf('/') + 1), keys, versions(translator, es)});
        }
        int[] widths = new int[rows.get(0).length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]).append(" ".repeat(widths[i] - r[i].length()));
                if (i < r.length - 1) {
                    line.append(i == 0 ? " " : "  ");
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
        return hashes;
    }

    private String versions(ExternalSecretTranslator translator, ExternalSecret es) {
        try {
            return translator.translate(es).refs().stream().map(SourceRef::name).distinct().sorted()
                    .map(n -> n + "@" + kmsVersions.getOrDefault(n, "?")).collect(Collectors.joining(","));
        } catch (InvalidSpecException e) {
            return "-";
        }
    }

    /** Polls a condition (this is a demo's main thread, not a test). */
    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // the stand-in is still starting
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return false;
    }
}
