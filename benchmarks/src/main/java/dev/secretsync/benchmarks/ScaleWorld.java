package dev.secretsync.benchmarks;

import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The scenario's names and values: binding {@code b} is ExternalSecret {@code es-b} in namespace
 * {@code scale-(b / 1000)}, with one data entry reading KMS secret {@code b mod M}; its Secret has
 * the same name and the secret's text under key {@code value}.
 */
final class ScaleWorld {

    static final int BINDINGS_PER_NAMESPACE = 1000;
    private static final int SEED_THREADS = 8;

    final int bindings;
    final int secrets;

    ScaleWorld(int bindings, int secrets) {
        this.bindings = bindings;
        this.secrets = secrets;
    }

    static String secretName(int s) {
        return String.format(Locale.ROOT, "scale-secret-%05d", s);
    }

    /** A small JSON value naming its version, so an observer can tell versions apart. */
    static String value(int s, String version) {
        return "{\"secret\":\"" + secretName(s) + "\",\"version\":\"" + version
                + "\",\"password\":\"not-a-real-password-0123456789\"}";
    }

    int secretOf(int binding) {
        return binding % secrets;
    }

    static String namespace(int binding) {
        return "scale-" + binding / BINDINGS_PER_NAMESPACE;
    }

    static String bindingName(int binding) {
        return String.format(Locale.ROOT, "es-%05d", binding);
    }

    /** "namespace/name" of the binding's Secret, as the observer keys it. */
    static String key(int binding) {
        return namespace(binding) + "/" + bindingName(binding);
    }

    static ExternalSecret externalSecret(int binding, String kmsSecret) {
        return Serialization.unmarshal("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: %s, namespace: %s}
                spec:
                  data:
                  - key: %s
                    name: value
                """.formatted(bindingName(binding), namespace(binding), kmsSecret), ExternalSecret.class);
    }

    /** Creates the KMS secrets and, before any controller runs, the namespaces and ExternalSecrets. */
    void seed(KmsEmulator kms, KubernetesClient client) throws Exception {
        for (int s = 0; s < secrets; s++) {
            kms.createSecret(secretName(s), "v1", value(s, "v1"));
        }
        for (int n = 0; n <= (bindings - 1) / BINDINGS_PER_NAMESPACE; n++) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("scale-" + n)
                    .endMetadata().build()).create();
        }
        ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int t = 0; t < SEED_THREADS; t++) {
                int first = t;
                created.add(pool.submit(() -> {
                    for (int b = first; b < bindings; b += SEED_THREADS) {
                        ExternalSecret es = externalSecret(b, secretName(secretOf(b)));
                        client.resources(ExternalSecret.class).inNamespace(namespace(b)).resource(es).create();
                    }
                }));
            }
            for (Future<?> f : created) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
