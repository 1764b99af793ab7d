package dev.secretsync.k8s.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.secretsync.core.engine.Binding;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.engine.SyncEngine;
import dev.secretsync.core.event.SyncEvent;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The core engine driving the sink: writes once, skips unchanged states, reports refusals. */
@EnableKubernetesMockClient(crud = true)
class EngineWithSinkTest {

    static final String CANARY = "CANARY-7f3a9c";

    KubernetesClient client;
    final Map<String, String> kms = new ConcurrentHashMap<>();
    final List<SyncEvent> events = new CopyOnWriteArrayList<>();

    SyncEngine engine() {
        return SyncEngine.builder(ref -> SecretValue.text(kms.get(ref.name()), "v-" + kms.get(ref.name()).length()))
                .polling(false).workerThreads(1).listener(events::add).build();
    }

    static String decoded(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    long written(String target) {
        return events.stream().filter(e -> e instanceof SyncEvent.TargetWritten w && w.target().equals(target)).count();
    }

    @Test
    void engineWritesThroughTheSinkAndSkipsWhatItAlreadyHolds() {
        kms.put("db-password", CANARY);
        Owner owner = new Owner("alibabacloud.com/v1alpha1", "ExternalSecret", "apps", "db", "uid-1");
        KubernetesSecretSink sink = KubernetesSecretSink.builder(client, SecretCache.direct(client)).build();
        sink.register("apps/db", TargetOptions.builder(owner).build());
        try (SyncEngine engine = engine()) {
            engine.upsert(Binding.builder("ExternalSecret/apps/db").target("apps/db").sink(sink)
                    .source(SourceRef.current("SecretStore/apps/kms", "db-password")).build());

            await().atMost(Duration.ofSeconds(10)).until(() -> written("apps/db") == 1);
            assertThat(decoded(client.secrets().inNamespace("apps").withName("db").get(), "db-password"))
                    .isEqualTo(CANARY);

            engine.resync("ExternalSecret/apps/db");
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                    .anyMatch(e -> e instanceof SyncEvent.TargetUnchanged u && u.target().equals("apps/db")));
            assertThat(written("apps/db")).isEqualTo(1);

            kms.put("db-password", CANARY + "-rotated");
            engine.refreshNow("ExternalSecret/apps/db").join();
            await().atMost(Duration.ofSeconds(10)).until(() -> written("apps/db") == 2);
            assertThat(decoded(client.secrets().inNamespace("apps").withName("db").get(), "db-password"))
                    .isEqualTo(CANARY + "-rotated");
        }
    }

    @Test
    void refusalToTakeOverIsReportedAndTheForeignSecretKept() {
        kms.put("token", CANARY);
        client.secrets().inNamespace("apps").resource(new SecretBuilder().withNewMetadata().withName("foreign")
                .endMetadata().addToData("token", "dGhlaXJz").build()).create();
        Owner owner = new Owner("alibabacloud.com/v1alpha1", "ExternalSecret", "apps", "x", "uid-2");
        KubernetesSecretSink sink = KubernetesSecretSink.builder(client, SecretCache.direct(client)).build();
        sink.register("apps/foreign", TargetOptions.builder(owner).build());
        try (SyncEngine engine = engine()) {
            engine.upsert(Binding.builder("ExternalSecret/apps/x").target("apps/foreign").sink(sink)
                    .source(SourceRef.current("SecretStore/apps/kms", "token")).build());

            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                    .anyMatch(e -> e instanceof SyncEvent.WriteFailed));
            SyncEvent.WriteFailed failed = (SyncEvent.WriteFailed) events.stream()
                    .filter(e -> e instanceof SyncEvent.WriteFailed).findFirst().orElseThrow();
            assertThat(failed.message()).contains("Secret apps/foreign already exists and is not managed by "
                    + "secret-sync").doesNotContain(CANARY);
            assertThat(failed.retryable()).isFalse();
            assertThat(decoded(client.secrets().inNamespace("apps").withName("foreign").get(), "token"))
                    .isEqualTo("theirs");
        }
    }
}
