package dev.secretsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretStatus;
import dev.secretsync.k8s.model.StatusCondition;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in as fabric8's client sees it, over its socket on 127.0.0.1. */
class IndexedApiServerTest {

    private IndexedApiServer api;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        api = IndexedApiServer.start(false);
        client = api.newClient();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        api.close();
    }

    private static Secret secret(String namespace, String name, String value) {
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToStringData("value", value).build();
    }

    /** The stand-in, like the API server, stores stringData as base64 data. */
    private static String value(Secret s) {
        return s.getData() == null || s.getData().get("value") == null ? null
                : new String(java.util.Base64.getDecoder().decode(s.getData().get("value")), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static long rv(io.fabric8.kubernetes.api.model.HasMetadata o) {
        return Long.parseLong(o.getMetadata().getResourceVersion());
    }

    @Test
    void createsGetsAndRefusesADuplicate() {
        Secret created = client.secrets().inNamespace("a").resource(secret("a", "s1", "one")).create();

        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
        Secret read = client.secrets().inNamespace("a").withName("s1").get();
        assertThat(value(read)).isEqualTo("one");
        assertThat(read.getStringData()).isNullOrEmpty();
        assertThat(read.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
        assertThat(client.secrets().inNamespace("b").withName("s1").get()).isNull();
        assertThatThrownBy(() -> client.secrets().inNamespace("a").resource(secret("a", "s1", "two")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void updateWithAStaleResourceVersionConflicts() {
        Secret v1 = client.secrets().inNamespace("a").resource(secret("a", "s1", "one")).create();
        Secret v2 = client.secrets().inNamespace("a").resource(new SecretBuilder(v1).addToStringData("value", "two").build())
                .update();

        assertThat(rv(v2)).isGreaterThan(rv(v1));
        assertThatThrownBy(() -> client.secrets().inNamespace("a")
                .resource(new SecretBuilder(v1).addToStringData("value", "three").build()).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(value(client.secrets().inNamespace("a").withName("s1").get())).isEqualTo("two");
        assertThat(api.writes()).isEqualTo(3);
    }

    @Test
    void editAppliesAJsonPatch() {
        client.secrets().inNamespace("a").resource(secret("a", "s1", "one")).create();

        Secret edited = client.secrets().inNamespace("a").withName("s1")
                .edit(s -> new SecretBuilder(s).editMetadata().addToLabels("team", "blue").endMetadata().build());

        assertThat(edited.getMetadata().getLabels()).containsEntry("team", "blue");
        assertThat(client.secrets().inNamespace("a").withName("s1").get().getMetadata().getLabels())
                .containsEntry("team", "blue");
    }

    @Test
    void aMergePatchMergesRemovesWithNullAndHonoursItsResourceVersion() {
        Secret created = client.secrets().inNamespace("a").resource(new SecretBuilder(secret("a", "s1", "one"))
                .editMetadata().addToLabels("keep", "yes").addToLabels("drop", "yes").endMetadata().build()).create();
        String rv = created.getMetadata().getResourceVersion();

        client.secrets().inNamespace("a").withName("s1").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"resourceVersion\":\"" + rv + "\",\"finalizers\":[\"example.com/f\"],"
                        + "\"labels\":{\"drop\":null}}}");

        Secret read = client.secrets().inNamespace("a").withName("s1").get();
        assertThat(read.getMetadata().getFinalizers()).containsExactly("example.com/f");
        assertThat(read.getMetadata().getLabels()).containsExactly(Map.entry("keep", "yes"));
        assertThat(value(read)).isEqualTo("one");
        assertThatThrownBy(() -> client.secrets().inNamespace("a").withName("s1").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"resourceVersion\":\"" + rv + "\",\"labels\":{\"late\":\"yes\"}}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void theStatusSubresourceAndTheMainResourceKeepToTheirOwnFields() {
        ExternalSecret es = client.resources(ExternalSecret.class).inNamespace("scale-0")
                .resource(ScaleWorld.externalSecret(0, "kms-a")).create();
        assertThat(es.getMetadata().getGeneration()).isEqualTo(1);

        ExternalSecret withStatus = client.getKubernetesSerialization().clone(es);
        withStatus.setStatus(status("Ready"));
        withStatus.getSpec().getData().get(0).setKey("ignored-by-a-status-write");
        ExternalSecret afterStatus = client.resources(ExternalSecret.class).inNamespace("scale-0").resource(withStatus)
                .updateStatus();
        assertThat(afterStatus.getStatus().getConditions()).extracting(StatusCondition::getType).containsExactly("Ready");
        assertThat(afterStatus.getSpec().getData().get(0).getKey()).isEqualTo("kms-a");
        assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1);

        ExternalSecret specChange = client.getKubernetesSerialization().clone(afterStatus);
        specChange.getSpec().getData().get(0).setKey("kms-b");
        specChange.setStatus(null);
        ExternalSecret afterSpec = client.resources(ExternalSecret.class).inNamespace("scale-0").resource(specChange).update();
        assertThat(afterSpec.getSpec().getData().get(0).getKey()).isEqualTo("kms-b");
        assertThat(afterSpec.getStatus().getConditions()).extracting(StatusCondition::getType).containsExactly("Ready");
        assertThat(afterSpec.getMetadata().getGeneration()).isEqualTo(2);
    }

    @Test
    void aFinalizerHoldsADeletionUntilItIsRemoved() {
        ExternalSecret es = ScaleWorld.externalSecret(0, "kms-a");
        es.getMetadata().setFinalizers(List.of("example.com/hold"));
        client.resources(ExternalSecret.class).inNamespace("scale-0").resource(es).create();

        client.resources(ExternalSecret.class).inNamespace("scale-0").withName("es-00000").delete();
        ExternalSecret marked = client.resources(ExternalSecret.class).inNamespace("scale-0").withName("es-00000").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();

        client.resources(ExternalSecret.class).inNamespace("scale-0").withName("es-00000").edit(e -> {
            e.getMetadata().setFinalizers(List.of());
            return e;
        });
        assertThat(client.resources(ExternalSecret.class).inNamespace("scale-0").withName("es-00000").get()).isNull();
    }

    @Test
    void listsOneNamespaceOrAll() {
        client.secrets().inNamespace("a").resource(secret("a", "s1", "one")).create();
        client.secrets().inNamespace("a").resource(secret("a", "s2", "two")).create();
        client.secrets().inNamespace("b").resource(secret("b", "s1", "three")).create();

        assertThat(client.secrets().inNamespace("a").list().getItems()).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("s1", "s2");
        assertThat(client.secrets().inAnyNamespace().list().getItems()).hasSize(3);
        assertThat(client.configMaps().inNamespace("a").list().getItems()).isEmpty();
    }

    @Test
    @SuppressWarnings("try") // the watch only has to be open
    void aWatchSeesTheEventsOfItsNamespaceInOrderAndReplaysFromAResourceVersion() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Watcher<Secret> recorder = new Watcher<>() {
            @Override
            public void eventReceived(Action action, Secret s) {
                events.add(action + " " + s.getMetadata().getName() + " " + value(s));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
        Secret first = client.secrets().inNamespace("a").resource(secret("a", "s0", "before")).create();
        client.secrets().inNamespace("a").withName("s0").edit(s -> new SecretBuilder(s).addToStringData("value", "edited").build());
        try (Watch watch = client.secrets().inNamespace("a")
                .watch(new ListOptionsBuilder().withResourceVersion(first.getMetadata().getResourceVersion()).build(), recorder)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);
            Secret s1 = client.secrets().inNamespace("a").resource(secret("a", "s1", "one")).create();
            client.secrets().inNamespace("b").resource(secret("b", "s1", "elsewhere")).create();
            client.secrets().inNamespace("a").resource(new SecretBuilder(s1).addToStringData("value", "two").build()).update();
            client.secrets().inNamespace("a").withName("s1").delete();

            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 4);
            assertThat(events).containsExactly("MODIFIED s0 edited", "ADDED s1 one", "MODIFIED s1 two", "DELETED s1 two");
        }
    }

    @Test
    void anInformerListsThenWatches() {
        client.secrets().inNamespace("a").resource(secret("a", "s1", "one")).create();
        Map<String, String> seen = new java.util.concurrent.ConcurrentHashMap<>();
        SharedIndexInformer<Secret> informer = client.secrets().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Secret s) {
                seen.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), value(s));
            }

            @Override
            public void onUpdate(Secret old, Secret s) {
                onAdd(s);
            }

            @Override
            public void onDelete(Secret s, boolean unknown) {
                seen.remove(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName());
            }
        }, 0);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsKey("a/s1"));
            client.secrets().inNamespace("b").resource(secret("b", "s2", "two")).create();
            client.secrets().inNamespace("a").withName("s1").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.equals(Map.of("b/s2", "two")));
            assertThat(api.requests()).isGreaterThanOrEqualTo(5); // 3 writes, the list, the watch
        } finally {
            informer.close();
        }
    }

    private static ExternalSecretStatus status(String type) {
        StatusCondition c = new StatusCondition();
        c.setType(type);
        c.setStatus("True");
        ExternalSecretStatus s = new ExternalSecretStatus();
        s.setConditions(List.of(c));
        return s;
    }
}
