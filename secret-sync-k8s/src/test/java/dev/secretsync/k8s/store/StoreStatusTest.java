package dev.secretsync.k8s.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.k8s.model.CloudAuth;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ClusterSecretStoreSpec;
import dev.secretsync.k8s.model.KmsProvider;
import dev.secretsync.k8s.model.SecretRef;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.model.SecretStoreSpec;
import dev.secretsync.k8s.model.StatusCondition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class StoreStatusTest {

    static final String CANARY = "CANARY-7f3a9c";

    KubernetesClient client;

    static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    SecretStore createStore() {
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
        store.getMetadata().setName("scdemo");
        store.getMetadata().setNamespace("apps");
        store.setSpec(spec);
        return client.resources(SecretStore.class).inNamespace("apps").resource(store).create();
    }

    SecretStore get() {
        return client.resources(SecretStore.class).inNamespace("apps").withName("scdemo").get();
    }

    static StatusCondition ready(SecretStore store) {
        return store.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst()
                .orElseThrow();
    }

    @Test
    void readyConditionFollowsTheResolutionAndKeepsItsTransitionTime() {
        SecretStore store = createStore();
        StoreResolver resolver = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou").build();

        StoreResolution missing = resolver.resolve(store);
        assertThat(StoreStatus.update(client, store, missing, at("2026-01-01T00:00:00Z"))).isTrue();
        StatusCondition failed = ready(get());
        assertThat(failed.getStatus()).isEqualTo("False");
        assertThat(failed.getReason()).isEqualTo("ValidationFailed");
        assertThat(failed.getMessage()).isEqualTo("spec.KMS.KMSAuth.accessKey: Secret apps/ak not found");
        assertThat(failed.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(get().getStatus().getCapabilities()).isEqualTo("ReadOnly");

        assertThat(StoreStatus.update(client, get(), resolver.resolve(get()), at("2026-01-01T00:05:00Z")))
                .as("nothing changed: no write").isFalse();

        client.secrets().inNamespace("apps").resource(new SecretBuilder().withNewMetadata().withName("ak")
                .endMetadata().addToData("id", b64("LTAI5tExample")).addToData("secret", b64(CANARY)).build())
                .create();
        StoreResolution valid = resolver.resolve(get());
        assertThat(valid.message()).isEqualTo("store is valid");
        assertThat(StoreStatus.update(client, get(), valid, at("2026-01-01T00:10:00Z"))).isTrue();
        StatusCondition ok = ready(get());
        assertThat(ok.getStatus()).isEqualTo("True");
        assertThat(ok.getReason()).isEqualTo("Valid");
        assertThat(ok.getLastTransitionTime()).isEqualTo("2026-01-01T00:10:00Z");
        assertThat(client.getKubernetesSerialization().asJson(get())).doesNotContain(CANARY);
    }

    @Test
    void clusterStoreStatusIsWrittenToo() {
        ClusterSecretStore store = new ClusterSecretStore();
        store.getMetadata().setName("shared");
        store.setSpec(new ClusterSecretStoreSpec());
        store = client.resources(ClusterSecretStore.class).resource(store).create();
        StoreResolver resolver = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou").build();

        StoreStatus.update(client, store, resolver.resolve(store), at("2026-01-01T00:00:00Z"));

        StatusCondition ready = client.resources(ClusterSecretStore.class).withName("shared").get().getStatus()
                .getConditions().get(0);
        assertThat(ready.getReason()).isEqualTo("InvalidProviderConfig");
        assertThat(ready.getStatus()).isEqualTo("False");
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
