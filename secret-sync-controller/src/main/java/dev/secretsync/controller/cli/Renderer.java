package dev.secretsync.controller.cli;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.controller.translate.ExternalSecretTranslation;
import dev.secretsync.controller.translate.ExternalSecretTranslator;
import dev.secretsync.controller.translate.InvalidSpecException;
import dev.secretsync.controller.translate.TemplateSources;
import dev.secretsync.core.DesiredState;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.TransformException;
import dev.secretsync.core.spi.SinkException;
import dev.secretsync.core.spi.SourceException;
import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.sink.KubernetesSecretSink;
import dev.secretsync.k8s.sink.SecretCache;
import dev.secretsync.k8s.store.NamespaceConditions;
import dev.secretsync.k8s.store.StoreRefs;
import dev.secretsync.k8s.store.StoreResolver;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsSecretSource;
import dev.secretsync.kms.KmsStoreConfig;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code render}'s work: the ExternalSecrets of some manifests, through the controller's own
 * translation, the real KMS source (against an in-process emulator loaded from a seed), the core
 * transforms and the real Secret writer (against an in-process API stand-in), printed as the
 * Secrets they produce. Store credentials are not resolved: every store reads the emulator.
 */
final class Renderer {

    static final String ACCESS_KEY_ID = "render-access-key";
    static final String ACCESS_KEY_SECRET = "render-access-key-secret";

    /** What came out: the Secrets and one line per failed resource. */
    record Result(List<Secret> secrets, List<String> failures, List<String> notes) {
        String yaml() {
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setExplicitStart(true);
            Yaml yaml = new Yaml(options);
            List<Object> docs = new ArrayList<>();
            for (Secret s : secrets) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("apiVersion", "v1");
                doc.put("kind", "Secret");
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("name", s.getMetadata().getName());
                meta.put("namespace", s.getMetadata().getNamespace());
                if (s.getMetadata().getLabels() != null && !s.getMetadata().getLabels().isEmpty()) {
                    meta.put("labels", new TreeMap<>(s.getMetadata().getLabels()));
                }
                if (s.getMetadata().getAnnotations() != null && !s.getMetadata().getAnnotations().isEmpty()) {
                    meta.put("annotations", new TreeMap<>(s.getMetadata().getAnnotations()));
                }
                doc.put("metadata", meta);
                doc.put("type", s.getType());
                doc.put("data", new TreeMap<>(s.getData() == null ? Map.of() : s.getData()));
                docs.add(doc);
            }
            return docs.isEmpty() ? "" : yaml.dumpAll(docs.iterator());
        }
    }

    private final ControllerSettings settings;

    Renderer(ControllerSettings settings) {
        this.settings = settings;
    }

    Result render(Path seed, Manifests manifests) {
        List<String> failures = new ArrayList<>(manifests.problems);
        List<String> notes = new ArrayList<>();
        List<ExternalSecret> all = new ArrayList<>(manifests.externalSecrets);
        all.addAll(fanOut(manifests, notes));
        all.sort(Comparator.comparing((ExternalSecret es) -> es.getMetadata().getNamespace())
                .thenComparing(es -> es.getMetadata().getName()));

        try (KmsEmulator kms = KmsEmulator.builder().accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET).seed(seed).build().start();
             StandIns.ApiServer api = StandIns.apiServer();
             KmsSecretSource source = new KmsSecretSource()) {
            KubernetesClient client = api.client();
            for (Secret s : manifests.secrets) {
                client.secrets().resource(s).create(); // targets of creationPolicy: Merge
            }
            KubernetesSecretSink sink = KubernetesSecretSink.builder(client, SecretCache.direct(client)).build();
            ExternalSecretTranslator translator = new ExternalSecretTranslator(settings);
            TemplateSources templates = templateSources(manifests);
            Set<String> stores = knownStores(manifests);
            Set<String> oosStores = oosStores(manifests);
            Map<SourceRef, Object> fetched = new HashMap<>(); // SecretValue or SourceException
            Set<String> targets = new HashSet<>();
            Set<String> registered = new HashSet<>();

            for (ExternalSecret es : all) {
                withStableUid(es);
                String id = es.getMetadata().getNamespace() + "/" + es.getMetadata().getName();
                try {
                    ExternalSecretTranslation t = translator.translate(es, templates);
                    for (String store : t.storeIds()) {
                        checkStore(store, es.getMetadata().getNamespace(), stores, manifests);
                    }
                    Map<SourceRef, SecretValue> values = new LinkedHashMap<>();
                    for (SourceRef ref : t.refs()) {
                        if (registered.add(ref.store())) {
                            source.putStore(ref.store(), emulatorStore(kms, oosStores.contains(ref.store())));
                        }
                        Object got = fetched.computeIfAbsent(ref, r -> fetch(source, r));
                        if (got instanceof SourceException e) {
                            throw new RenderFailure("secret '" + ref.name() + "': " + e.kind() + " " + e.getMessage());
                        }
                        values.put(ref, (SecretValue) got);
                    }
                    DesiredState state = t.transform().apply(values);
                    if (state.isEmpty()) {
                        throw new RenderFailure("the resource yields no keys; the controller would leave the Secret as it is");
                    }
                    if (!targets.add(t.target())) {
                        throw new RenderFailure("Secret " + t.target() + " is the target of another ExternalSecret");
                    }
                    sink.register(t.target(), t.targetOptions());
                    sink.write(t.target(), state);
                } catch (InvalidSpecException e) {
                    failures.add(id + ": InvalidSpec: " + e.getMessage());
                } catch (TransformException e) {
                    failures.add(id + ": InvalidSpec: " + e.getMessage());
                } catch (SinkException e) {
                    failures.add(id + ": write refused: " + e.getMessage());
                } catch (RenderFailure | IllegalArgumentException e) {
                    failures.add(id + ": " + e.getMessage());
                }
            }
            List<Secret> out = new ArrayList<>();
            for (String target : targets) {
                int slash = target.indexOf('/');
                Secret s = client.secrets().inNamespace(target.substring(0, slash)).withName(target.substring(slash + 1)).get();
                if (s != null) {
                    out.add(s);
                }
            }
            out.sort(Comparator.comparing((Secret s) -> s.getMetadata().getNamespace())
                    .thenComparing(s -> s.getMetadata().getName()));
            return new Result(out, failures, notes);
        }
    }

    /** The uid the API server would assign; derived from the name so that output is repeatable. */
    private static void withStableUid(ExternalSecret es) {
        if (es.getMetadata().getUid() == null || es.getMetadata().getUid().isBlank()) {
            es.getMetadata().setUid(java.util.UUID.nameUUIDFromBytes(("ExternalSecret/" + es.getMetadata().getNamespace()
                    + "/" + es.getMetadata().getName()).getBytes(StandardCharsets.UTF_8)).toString());
        }
    }

    private static Object fetch(KmsSecretSource source, SourceRef ref) {
        try {
            return source.fetch(ref);
        } catch (SourceException e) {
            return e;
        }
    }

    /**
     * Every store reads the emulator with its key (credentials are not resolved offline): KMS secrets,
     * or for an OOS store the seed's {@code parameters}.
     */
    private static KmsStoreConfig emulatorStore(KmsEmulator kms, boolean oos) {
        return KmsStoreConfig.builder()
                .service(oos ? KmsStoreConfig.Service.OOS : KmsStoreConfig.Service.KMS)
                .region("cn-hangzhou")
                .endpoint(kms.endpoint())
                .protocol(KmsStoreConfig.Protocol.HTTP)
                .allowLoopbackEndpoint(true)
                .auth(KmsAuth.accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET))
                .build();
    }

    private static Set<String> knownStores(Manifests m) {
        Set<String> ids = new HashSet<>();
        m.secretStores.forEach(s -> ids.add(StoreResolver.storeId(s)));
        m.clusterSecretStores.forEach(s -> ids.add(StoreResolver.storeId(s)));
        return ids;
    }

    /** The stores that serve OOS parameters: the controller's for {@code provider: oos}, and those with {@code spec.OOS}. */
    private static Set<String> oosStores(Manifests m) {
        Set<String> ids = new HashSet<>(Set.of(StoreRefs.CONTROLLER_OOS_STORE));
        m.secretStores.stream().filter(s -> s.getSpec() != null && s.getSpec().getOos() != null)
                .forEach(s -> ids.add(StoreResolver.storeId(s)));
        m.clusterSecretStores.stream().filter(s -> s.getSpec() != null && s.getSpec().getOos() != null)
                .forEach(s -> ids.add(StoreResolver.storeId(s)));
        return ids;
    }

    private void checkStore(String storeId, String namespace, Set<String> known, Manifests m) {
        if (storeId.equals(ExternalSecretTranslator.CONTROLLER_STORE) || storeId.equals(StoreRefs.CONTROLLER_OOS_STORE)) {
            return;
        }
        if (!known.contains(storeId)) {
            throw new RenderFailure(storeId + " is not in the manifests given");
        }
        if (storeId.startsWith("ClusterSecretStore/")) {
            if (!settings.processClusterSecretStore()) {
                throw new RenderFailure(storeId + ": ClusterSecretStores are disabled (--process-cluster-secret-store=false)");
            }
            ClusterSecretStore css = m.clusterSecretStores.stream()
                    .filter(s -> StoreResolver.storeId(s).equals(storeId)).findFirst().orElseThrow();
            NamespaceConditions.Decision d = NamespaceConditions.evaluate(
                    css.getSpec() == null ? null : css.getSpec().getConditions(), namespace(m, namespace));
            if (!d.allowed()) {
                throw new RenderFailure(storeId + " does not serve namespace " + namespace + ": " + d.reason());
            }
        }
    }

    /** The children ClusterExternalSecrets create in the Namespaces given (their labels select). */
    private List<ExternalSecret> fanOut(Manifests m, List<String> notes) {
        List<ExternalSecret> children = new ArrayList<>();
        if (!settings.processClusterExternalSecret() || m.clusterExternalSecrets.isEmpty()) {
            return children;
        }
        if (m.namespaces.isEmpty()) {
            notes.add("ClusterExternalSecrets are rendered for the Namespace manifests given; there are none");
        }
        for (ClusterExternalSecret ces : m.clusterExternalSecrets) {
            if (ces.getSpec() == null || ces.getSpec().getExternalSecretSpec() == null) {
                continue;
            }
            String name = ces.getSpec().getExternalSecretName() == null || ces.getSpec().getExternalSecretName().isBlank()
                    ? ces.getMetadata().getName() : ces.getSpec().getExternalSecretName();
            for (Namespace ns : m.namespaces) {
                if (!NamespaceConditions.evaluate(ces.getSpec(), ns).allowed()) {
                    continue;
                }
                ExternalSecret child = new ExternalSecret();
                ObjectMeta meta = new ObjectMetaBuilder().withName(name).withNamespace(ns.getMetadata().getName()).build();
                if (ces.getSpec().getExternalSecretMetadata() != null) {
                    meta.setLabels(ces.getSpec().getExternalSecretMetadata().getLabels());
                    meta.setAnnotations(ces.getSpec().getExternalSecretMetadata().getAnnotations());
                }
                child.setMetadata(meta);
                child.setSpec(ces.getSpec().getExternalSecretSpec());
                children.add(child);
            }
        }
        return children;
    }

    private static Namespace namespace(Manifests m, String name) {
        return m.namespaces.stream().filter(n -> name.equals(n.getMetadata().getName())).findFirst()
                .orElseGet(() -> new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build());
    }

    private static TemplateSources templateSources(Manifests m) {
        return new TemplateSources() {
            @Override
            public Optional<Map<String, String>> configMap(String namespace, String name) {
                return m.configMaps.stream().filter(c -> is(c.getMetadata(), namespace, name)).findFirst()
                        .map(ConfigMap::getData).map(d -> d == null ? Map.<String, String>of() : d);
            }

            @Override
            public Optional<Map<String, String>> secret(String namespace, String name) {
                return m.secrets.stream().filter(s -> is(s.getMetadata(), namespace, name)).findFirst().map(s -> {
                    Map<String, String> data = new TreeMap<>();
                    if (s.getData() != null) {
                        s.getData().forEach((k, v) -> data.put(k,
                                new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
                    }
                    if (s.getStringData() != null) {
                        data.putAll(s.getStringData());
                    }
                    return data;
                });
            }
        };
    }

    private static boolean is(ObjectMeta meta, String namespace, String name) {
        return meta != null && namespace.equals(meta.getNamespace()) && name.equals(meta.getName());
    }

    /** One resource failed; the message is value-free (every source of it redacts). */
    static final class RenderFailure extends RuntimeException {
        RenderFailure(String message) {
            super(message, null, false, false);
        }
    }
}
