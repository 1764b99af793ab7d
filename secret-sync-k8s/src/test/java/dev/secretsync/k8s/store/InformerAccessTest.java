package dev.secretsync.k8s.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.secretsync.k8s.model.CloudAuth;
import dev.secretsync.k8s.model.KmsProvider;
import dev.secretsync.k8s.model.SecretRef;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.model.SecretStoreSpec;
import dev.secretsync.kms.KmsAuth;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Store resolution reading from informers: no API reads once they are synced. */
@EnableKubernetesMockClient(crud = true)
class InformerAccessTest {

    KubernetesMockServer server;
    KubernetesClient client;

    void putKey(String id) {
        client.secrets().inNamespace("apps").resource(new SecretBuilder().withNewMetadata().withName("ak").endMetadata()
                .addToData("id", b64(id)).addToData("secret", b64("CANARY-7f3a9c")).build()).createOr(r -> r.update());
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static SecretStore store() {
        SecretRef id = new SecretRef();
        id.setName("ak");
        id.setKey("id");
        SecretRef secret = new SecretRef();
        secret.setName("ak");
        secret.setKey("secret");
        CloudAuth auth = new CloudAuth();
        auth.setAccessKey(id);
        auth.setAccessKeySecret(secret);
        KmsProvider kms = new KmsProvider();
        kms.setKmsAuth(auth);
        SecretStoreSpec spec = new SecretStoreSpec();
        spec.setKms(kms);
        SecretStore store = new SecretStore();
        store.getMetadata().setNamespace("apps");
        store.getMetadata().setName("s");
        store.setSpec(spec);
        return store;
    }

    @Test
    void resolvesFromInformersAndSeesCredentialChanges() {
        putKey("LTAI5tFirst");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("apps").endMetadata().build())
                .create();
        try (var secrets = client.secrets().inAnyNamespace().inform();
             var accounts = client.serviceAccounts().inAnyNamespace().inform();
             var namespaces = client.namespaces().inform()) {
            StoreResolver resolver = StoreResolver.builder(KubeAccess.of(client, secrets, accounts, namespaces))
                    .region("cn-hangzhou").build();
            await().atMost(Duration.ofSeconds(10)).until(() -> resolver.resolve(store()).ready());

            int before = server.getRequestCount();
            StoreResolution first = resolver.resolve(store());
            assertThat(resolver.allows(new dev.secretsync.k8s.model.ClusterSecretStore(), "apps").allowed()).isTrue();
            assertThat(server.getRequestCount()).as("reads come from the informers").isEqualTo(before);
            assertThat(((KmsAuth.AccessKey) first.config().orElseThrow().auth()).accessKeyId())
                    .isEqualTo("LTAI5tFirst");

            putKey("LTAI5tSecond");
            await().atMost(Duration.ofSeconds(10)).until(() -> ((KmsAuth.AccessKey) resolver.resolve(store())
                    .config().orElseThrow().auth()).accessKeyId().equals("LTAI5tSecond"));
        }
    }
}
