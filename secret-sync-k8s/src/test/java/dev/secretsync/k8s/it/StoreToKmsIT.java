package dev.secretsync.k8s.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SourceException;
import dev.secretsync.k8s.model.CloudAuth;
import dev.secretsync.k8s.model.KmsProvider;
import dev.secretsync.k8s.model.SecretRef;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.model.SecretStoreSpec;
import dev.secretsync.k8s.store.KubeAccess;
import dev.secretsync.k8s.store.StoreResolution;
import dev.secretsync.k8s.store.StoreResolver;
import dev.secretsync.kms.KmsSecretSource;
import dev.secretsync.kms.KmsStoreConfig;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A SecretStore in the (mock) API server, resolved into a store of the real KMS source, which
 * fetches from the KMS emulator with the AccessKey read from a Kubernetes Secret; rotating that
 * Secret switches the store to the new key.
 */
@EnableKubernetesMockClient(crud = true)
class StoreToKmsIT {

    static final String OLD_ID = "LTAI5tStoreOld";
    static final String NEW_ID = "LTAI5tStoreNew";
    static final String OLD_SECRET = "CANARY-7f3a9c-old";
    static final String NEW_SECRET = "CANARY-7f3a9c-new";

    static KmsEmulator kms;
    KubernetesClient client;

    @BeforeAll
    static void startEmulator() {
        kms = KmsEmulator.builder().accessKey(OLD_ID, OLD_SECRET).build().start();
        kms.addAccessKey(NEW_ID, NEW_SECRET);
        kms.createSecret("app-db", "v1", "{\"password\":\"CANARY-7f3a9c-db\"}");
    }

    @AfterAll
    static void stopEmulator() {
        kms.close();
    }

    void putCredentials(String id, String secret) {
        client.secrets().inNamespace("apps").resource(new SecretBuilder().withNewMetadata().withName("alibaba-credentials")
                .endMetadata().addToData("id", b64(id)).addToData("secret", b64(secret)).build())
                .createOr(r -> r.update());
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static SecretStore store() {
        SecretRef id = new SecretRef();
        id.setName("alibaba-credentials");
        id.setKey("id");
        SecretRef secret = new SecretRef();
        secret.setName("alibaba-credentials");
        secret.setKey("secret");
        CloudAuth auth = new CloudAuth();
        auth.setAccessKey(id);
        auth.setAccessKeySecret(secret);
        KmsProvider provider = new KmsProvider();
        provider.setKmsAuth(auth);
        SecretStoreSpec spec = new SecretStoreSpec();
        spec.setKms(provider);
        SecretStore store = new SecretStore();
        store.getMetadata().setNamespace("apps");
        store.getMetadata().setName("kms");
        store.getMetadata().setUid("uid-kms");
        store.setSpec(spec);
        return store;
    }

    @Test
    void resolvedStoreFetchesFromKmsAndFollowsCredentialRotation() throws Exception {
        putCredentials(OLD_ID, "CANARY-7f3a9c-wrong");
        StoreResolver resolver = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou")
                .customize(b -> b.endpoint(kms.endpoint()).protocol(KmsStoreConfig.Protocol.HTTP)
                        .allowLoopbackEndpoint(true).readTimeout(Duration.ofSeconds(5)))
                .build();
        try (KmsSecretSource source = new KmsSecretSource()) {
            StoreResolution wrong = resolver.resolve(store());
            source.putStore(wrong.storeId(), wrong.config().orElseThrow());
            SourceRef ref = SourceRef.current(wrong.storeId(), "app-db");
            assertThatThrownBy(() -> source.fetch(ref)).isInstanceOfSatisfying(SourceException.class, e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.DENIED);
                assertThat(e.getMessage()).doesNotContain("CANARY");
            });

            putCredentials(OLD_ID, OLD_SECRET);
            StoreResolution fixed = resolver.resolve(store());
            assertThat(fixed.config().orElseThrow()).isNotSameAs(wrong.config().orElseThrow());
            source.putStore(fixed.storeId(), fixed.config().orElseThrow());
            assertThat(source.fetch(ref).asString()).isEqualTo("{\"password\":\"CANARY-7f3a9c-db\"}");

            putCredentials(NEW_ID, NEW_SECRET);
            StoreResolution rotated = resolver.resolve(store());
            source.putStore(rotated.storeId(), rotated.config().orElseThrow());
            assertThat(source.fetch(ref).versionId()).contains("v1");

            assertThat(resolver.resolve(store()).config().orElseThrow()).as("unchanged: same configuration")
                    .isSameAs(rotated.config().orElseThrow());
            assertThat(rotated.toString()).doesNotContain("CANARY");
        }
    }
}
