package dev.secretsync.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.controller.translate.ExternalSecretTranslator;
import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.store.KubeAccess;
import dev.secretsync.k8s.store.StoreResolver;
import dev.secretsync.kms.KmsSecretSource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stores into the registry and the KMS source, their status, and the ExternalSecrets told, without an API server. */
class StoreReconcilerTest {

    static final WorkKey STORE = new WorkKey(WorkKey.Kind.SECRET_STORE, "apps", "kms");
    static final WorkKey CLUSTER_STORE = new WorkKey(WorkKey.Kind.CLUSTER_SECRET_STORE, null, "shared");
    static final WorkKey USER = WorkKey.externalSecret("apps", "db");

    final MapStore<SecretStore> secretStores = new MapStore<>();
    final MapStore<ClusterSecretStore> clusterStores = new MapStore<>();
    final MapStore<Secret> secrets = new MapStore<>();
    final MapStore<Namespace> namespaces = new MapStore<>();
    final Caches caches = new Caches(new MapStore<ExternalSecret>(), secretStores, clusterStores,
            new MapStore<ClusterExternalSecret>(), secrets, namespaces);
    final RecordingKubeApi api = new RecordingKubeApi();
    final KmsSecretSource source = new KmsSecretSource();
    final List<WorkKey> queued = new CopyOnWriteArrayList<>();
    final KubeAccess access = new KubeAccess() {
        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.ofNullable(secrets.getByKey(namespace + "/" + name));
        }

        @Override
        public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Namespace> namespace(String name) {
            return Optional.ofNullable(namespaces.getByKey(name));
        }

        @Override
        public String requestToken(String namespace, String serviceAccount, List<String> audiences, Duration expiration) {
            throw new AssertionError("no token requests here");
        }
    };

    StoreRegistry registry = registry(StoreResolver.builder(access).region("cn-hangzhou").build(), ControllerSettings.defaults());
    StoreReconciler reconciler = reconciler(registry, ControllerSettings.defaults());

    StoreRegistry registry(StoreResolver resolver, ControllerSettings settings) {
        return new StoreRegistry(source, resolver, ControllerStores.NONE, caches, settings);
    }

    StoreReconciler reconciler(StoreRegistry registry, ControllerSettings settings) {
        return new StoreReconciler(api, caches, settings, registry, id -> List.of(USER), (key, delay) -> queued.add(key));
    }

    @AfterEach
    void close() {
        source.close();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static <T> T yaml(String yaml, Class<T> type) {
        return RecordingKubeApi.SERIALIZATION.unmarshal(yaml, type);
    }

    static SecretStore accessKeyStore() {
        return yaml("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: SecretStore
                metadata: {name: kms, namespace: apps, uid: s-1}
                spec:
                  KMS:
                    KMSAuth:
                      accessKey: {name: ak, key: id}
                      accessKeySecret: {name: ak, key: secret}
                """, SecretStore.class);
    }

    @Test
    void aReadyStoreGoesIntoTheSourceItsStatusIsWrittenAndItsUsersLookAgain() {
        secrets.put(new SecretBuilder().withNewMetadata().withNamespace("apps").withName("ak").withResourceVersion("1")
                .endMetadata().addToData("id", b64("LTAI5tExample")).addToData("secret", b64("not-a-real-secret")).build());
        secretStores.put(accessKeyStore());
        reconciler.reconcile(STORE);

        assertThat(source.storeNames()).containsExactly("SecretStore/apps/kms");
        assertThat(api.calls).containsExactly("storeStatus SecretStore/apps/kms Valid");
        assertThat(queued).containsExactly(USER);

        reconciler.reconcile(STORE);
        assertThat(queued).as("nothing changed: nobody told").containsExactly(USER);

        secretStores.remove("apps/kms");
        reconciler.reconcile(STORE);
        assertThat(source.storeNames()).isEmpty();
        assertThat(queued).containsExactly(USER, USER);
    }

    @Test
    void aStoreThatDoesNotResolveStaysOutOfTheSourceAndSaysWhy() {
        secretStores.put(accessKeyStore()); // its Secret is missing
        reconciler.reconcile(STORE);

        assertThat(source.storeNames()).isEmpty();
        assertThat(api.calls).containsExactly("storeStatus SecretStore/apps/kms ValidationFailed");
        ExternalSecret user = yaml("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: db, namespace: apps, uid: u-1}
                spec:
                  data: [{key: db, secretStoreRef: {name: kms}}]
                """, ExternalSecret.class);
        assertThat(registry.problem("apps", translate(user)))
                .startsWith("SecretStore/apps/kms is not ready: ValidationFailed (spec.KMS.KMSAuth.accessKey");
    }

    @Test
    void withoutARegionEveryStoreFails() {
        StoreReconciler noRegion = reconciler(registry(null, ControllerSettings.defaults()), ControllerSettings.defaults());
        secretStores.put(accessKeyStore());
        noRegion.reconcile(STORE);
        assertThat(api.calls).containsExactly("storeStatus SecretStore/apps/kms ValidationFailed");
    }

    @Test
    void clusterStoresAreServedOnlyWhenProcessedAndOnlyForTheNamespacesTheyAllow() {
        namespaces.put(new NamespaceBuilder().withNewMetadata().withName("apps").addToLabels("team", "a").endMetadata().build());
        secrets.put(new SecretBuilder().withNewMetadata().withNamespace("vault").withName("ak").withResourceVersion("1")
                .endMetadata().addToData("id", b64("LTAI5tExample")).addToData("secret", b64("not-a-real-secret")).build());
        clusterStores.put(yaml("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ClusterSecretStore
                metadata: {name: shared, uid: c-1}
                spec:
                  KMS:
                    KMSAuth:
                      accessKey: {name: ak, namespace: vault, key: id}
                      accessKeySecret: {name: ak, namespace: vault, key: secret}
                  conditions:
                  - namespaceSelector: {matchLabels: {team: b}}
                """, ClusterSecretStore.class));
        reconciler.reconcile(CLUSTER_STORE);
        assertThat(source.storeNames()).containsExactly("ClusterSecretStore/shared");

        ExternalSecret user = yaml("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: db, namespace: apps, uid: u-1}
                spec:
                  data: [{key: db, secretStoreRef: {name: shared, kind: ClusterSecretStore}}]
                """, ExternalSecret.class);
        assertThat(registry.problem("apps", translate(user))).startsWith("ClusterSecretStore/shared does not allow namespace apps");

        ControllerSettings off = ControllerSettings.builder().processClusterSecretStore(false).build();
        reconciler(registry, off).reconcile(CLUSTER_STORE);
        assertThat(source.storeNames()).as("--process-cluster-secret-store=false").isEmpty();
    }

    static dev.secretsync.controller.translate.ExternalSecretTranslation translate(ExternalSecret es) {
        try {
            return new ExternalSecretTranslator(ControllerSettings.defaults()).translate(es);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
