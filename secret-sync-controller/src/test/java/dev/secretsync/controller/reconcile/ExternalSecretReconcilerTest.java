package dev.secretsync.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.core.DesiredState;
import dev.secretsync.core.RateLimitPolicy;
import dev.secretsync.core.RetryPolicy;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.engine.SyncEngine;
import dev.secretsync.core.spi.FailureKind;
import dev.secretsync.core.spi.SecretSink;
import dev.secretsync.core.spi.SourceException;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.sink.TargetOptions;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsSecretSource;
import dev.secretsync.kms.KmsStoreConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ExternalSecret reconciler without an API server: informer caches are maps, API calls are
 * recorded, the engine runs its fetches and writes when the test says so.
 */
class ExternalSecretReconcilerTest {

    static final String CANARY = "CANARY-5e1f0b";
    static final SourceRef DB = SourceRef.current("controller", "db");

    final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    final MapStore<ExternalSecret> externalSecrets = new MapStore<>();
    final MapStore<SecretStore> secretStores = new MapStore<>();
    final MapStore<Secret> secrets = new MapStore<>();
    final Caches caches = new Caches(externalSecrets, secretStores, new MapStore<ClusterSecretStore>(),
            new MapStore<ClusterExternalSecret>(), secrets, new MapStore<Namespace>());
    final RecordingKubeApi api = new RecordingKubeApi();
    final List<WorkKey> queued = new CopyOnWriteArrayList<>();
    final Map<SourceRef, String> kms = new ConcurrentHashMap<>(Map.of(DB, CANARY));
    final List<SourceRef> fetched = new CopyOnWriteArrayList<>();
    final Tasks tasks = new Tasks();
    final Targets targets = new Targets();
    final KmsSecretSource kmsSource = new KmsSecretSource();
    final SyncEngine engine = SyncEngine.builder(ref -> {
                fetched.add(ref);
                String value = kms.get(ref);
                if (value == null) {
                    throw new SourceException(FailureKind.NOT_FOUND, "Forbidden.ResourceNotFound", "no secret " + ref.name());
                }
                return SecretValue.text(value, "v1");
            })
            .clock(clock).workers(tasks).sinkWorkers(tasks).polling(false)
            .rateLimit(RateLimitPolicy.perSecond(1000).withBurst(1000))
            .retry(RetryPolicy.custom().maxAttempts(1).build())
            .build();
    ExternalSecretReconciler reconciler = reconciler(ControllerSettings.defaults());

    ExternalSecretReconciler reconciler(ControllerSettings settings) {
        StoreRegistry stores = new StoreRegistry(kmsSource, null, ControllerStores.of(KmsStoreConfig.builder()
                .region("cn-hangzhou").auth(KmsAuth.accessKey("ak", "sk")).build(), b -> b), caches, settings);
        ExternalSecretReconciler r = new ExternalSecretReconciler(api, caches, settings, clock,
                (key, delay) -> queued.add(key), engine, targets, stores);
        engine.addListener(r);
        return r;
    }

    @AfterEach
    void close() {
        engine.close();
        kmsSource.close();
    }

    static final WorkKey KEY = WorkKey.externalSecret("apps", "db");

    static ExternalSecret es(String spec) {
        return RecordingKubeApi.SERIALIZATION.unmarshal("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: db, namespace: apps, uid: u-1, generation: 1, resourceVersion: "5"}
                spec:
                %s
                """.formatted(spec.indent(2)), ExternalSecret.class);
    }

    static final String ONE_ENTRY = "data: [{key: db, name: password}]";

    String readyReason() {
        var status = api.statuses.get("apps/db");
        return status == null ? null : status.getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getStatus() + "/" + c.getReason()).findFirst().orElse(null);
    }

    @Test
    void aNewResourceGetsItsFinalizerAndBindingAndIsReadyOnlyOnceItsSecretIsWritten() {
        externalSecrets.put(es(ONE_ENTRY));
        reconciler.reconcile(KEY);

        assertThat(api.calls).containsExactly("patchFinalizers apps/db [" + Metadata.ACK_FINALIZER + "]");
        assertThat(engine.binding(KEY.bindingId())).hasValueSatisfying(b -> {
            assertThat(b.refs()).containsExactly(DB);
            assertThat(b.target()).isEqualTo("apps/db");
        });
        assertThat(targets.registered).containsKey("apps/db");

        tasks.runAll(); // the fetch, then the write
        assertThat(targets.text("apps/db", "password")).contains(CANARY);
        assertThat(queued).as("the engine's events bring it back").contains(KEY);

        reconciler.reconcile(KEY);
        assertThat(readyReason()).isEqualTo("True/SecretSynced");
        assertThat(api.calls).hasSize(2).last().isEqualTo("updateStatus apps/db");

        reconciler.reconcile(KEY);
        reconciler.reconcile(KEY);
        assertThat(api.calls).as("an unchanged pass writes nothing").hasSize(2);
        assertThat(api.events).isEmpty();
    }

    @Test
    void fetchedButNotYetWrittenSaysNothing() {
        externalSecrets.put(es(ONE_ENTRY));
        reconciler.reconcile(KEY);
        tasks.runNext(); // the fetch; the write waits
        reconciler.reconcile(KEY);
        assertThat(api.statuses).as("Ready would claim a Secret that is not there yet").isEmpty();
    }

    @Test
    void theTranslationIsReusedUntilTheResourceChangesNotAfterOwnWrites() {
        api.configMaps.put("apps/tpl", Map.of("url", "db://{{ .password }}"));
        String spec = ONE_ENTRY + "\ntarget: {template: {templateFrom: [{configMap: {name: tpl}}]}}";
        externalSecrets.put(es(spec));
        reconciler.reconcile(KEY);
        tasks.runAll();
        reconciler.reconcile(KEY);
        reconciler.reconcile(KEY);
        assertThat(api.calls).filteredOn(c -> c.startsWith("configMap")).as("read once: finalizer and status writes are ours")
                .hasSize(1);
        assertThat(targets.text("apps/db", "url")).contains("db://" + CANARY);

        ExternalSecret changed = es(spec.replace("name: password", "name: pw"));
        changed.getMetadata().setResourceVersion("500");
        externalSecrets.put(changed);
        reconciler.reconcile(KEY);
        assertThat(api.calls).filteredOn(c -> c.startsWith("configMap")).hasSize(2);
    }

    @Test
    void anInvalidSpecIsReportedOnceAndNeverBound() {
        externalSecrets.put(es("data: [{key: db, jmesPath: [{path: user}]}]"));
        reconciler.reconcile(KEY);
        reconciler.reconcile(KEY);

        assertThat(readyReason()).isEqualTo("False/InvalidSpec");
        assertThat(api.statuses.get("apps/db").getConditions().get(0).getMessage())
                .isEqualTo("spec.data[0].jmesPath[0].objectAlias: is required");
        assertThat(api.eventReasons()).containsExactly("Warning InvalidSpec");
        assertThat(engine.binding(KEY.bindingId())).isEmpty();
        assertThat(api.calls).as("no finalizer for a resource that cannot sync").noneMatch(c -> c.startsWith("patchFinalizers"));
    }

    @Test
    void aMissingStoreKeepsTheResourceUnboundAndSaysWhich() {
        externalSecrets.put(es("data: [{key: db, secretStoreRef: {name: vault}}]"));
        reconciler.reconcile(KEY);

        assertThat(readyReason()).isEqualTo("False/StoreNotReady");
        assertThat(api.statuses.get("apps/db").getConditions().get(0).getMessage())
                .isEqualTo("SecretStore/apps/vault not found");
        assertThat(api.eventReasons()).containsExactly("Warning StoreNotReady");
        assertThat(engine.binding(KEY.bindingId())).isEmpty();
        assertThat(reconciler.usersOfStore("SecretStore/apps/vault")).as("told when the store comes").containsExactly(KEY);
    }

    @Test
    void aSecretThatCannotBeFetchedIsReportedByTheEngineOnly() {
        kms.clear();
        externalSecrets.put(es(ONE_ENTRY));
        reconciler.reconcile(KEY);
        tasks.runAll();
        reconciler.reconcile(KEY);

        assertThat(readyReason()).isEqualTo("False/ProviderError");
        assertThat(api.eventReasons()).containsExactly("Warning MissingProviderSecret");
        assertThat(targets.written).as("nothing to write").isEmpty();
        assertThat(api.events).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
    }

    @Test
    void aNewRefreshRequestFetchesAgain() {
        externalSecrets.put(es(ONE_ENTRY));
        reconciler.reconcile(KEY);
        tasks.runAll();
        assertThat(fetched).hasSize(1);

        ExternalSecret annotated = es(ONE_ENTRY);
        annotated.getMetadata().setResourceVersion("600");
        annotated.getMetadata().setFinalizers(List.of(Metadata.ACK_FINALIZER));
        annotated.getMetadata().setAnnotations(Map.of(Metadata.REFRESH_REQUESTED_ANNOTATION, "1"));
        externalSecrets.put(annotated);
        reconciler.reconcile(KEY);
        tasks.runAll();
        assertThat(fetched).hasSize(2);
        reconciler.reconcile(KEY);
        tasks.runAll();
        assertThat(fetched).as("the same request again is not a new one").hasSize(2);
    }

    @Test
    void deletionAppliesTheDeletionPolicyAndRemovesTheFinalizer() {
        externalSecrets.put(es(ONE_ENTRY + "\ntarget: {deletionPolicy: Delete}"));
        reconciler.reconcile(KEY);
        tasks.runAll();

        ExternalSecret deleting = es(ONE_ENTRY + "\ntarget: {deletionPolicy: Delete}");
        deleting.getMetadata().setResourceVersion("700");
        deleting.getMetadata().setFinalizers(List.of(Metadata.ACK_FINALIZER));
        deleting.getMetadata().setDeletionTimestamp("2026-03-01T10:00:00Z");
        externalSecrets.put(deleting);
        reconciler.reconcile(KEY);

        assertThat(targets.released).containsExactly("apps/db");
        assertThat(api.calls).last().isEqualTo("removeFinalizer apps/db");
        assertThat(api.eventReasons()).contains("Normal Deleted");
        assertThat(engine.binding(KEY.bindingId())).isEmpty();
        assertThat(reconciler.usersOfStore("controller")).isEmpty();
    }

    @Test
    void onlyOrphanWithRetainGoesWithoutTheFinalizer() {
        assertThat(ExternalSecretReconciler.needsFinalizer(options("{}"))).as("Owner, Retain").isTrue();
        assertThat(ExternalSecretReconciler.needsFinalizer(options("{deletionPolicy: Delete}"))).isTrue();
        assertThat(ExternalSecretReconciler.needsFinalizer(options("{creationPolicy: Merge}"))).isTrue();
        assertThat(ExternalSecretReconciler.needsFinalizer(options("{creationPolicy: Orphan, deletionPolicy: Delete}"))).isTrue();
        assertThat(ExternalSecretReconciler.needsFinalizer(options("{creationPolicy: Orphan}"))).isFalse();
    }

    static TargetOptions options(String target) {
        return TargetOptions.forExternalSecret(es(ONE_ENTRY + "\ntarget: " + target));
    }

    @Test
    void aGoneResourceIsForgotten() {
        externalSecrets.put(es(ONE_ENTRY));
        reconciler.reconcile(KEY);
        externalSecrets.remove("apps/db");
        reconciler.reconcile(KEY);

        assertThat(engine.binding(KEY.bindingId())).isEmpty();
        assertThat(targets.registered).isEmpty();
        assertThat(reconciler.usersOfStore("controller")).isEmpty();
    }

    /** Runs the engine's source calls and writes when the test says so, in order. */
    static final class Tasks implements Executor {
        private final Deque<Runnable> queue = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            queue.add(task);
        }

        synchronized boolean runNext() {
            Runnable next = queue.poll();
            if (next != null) {
                next.run();
            }
            return next != null;
        }

        void runAll() {
            while (runNext()) {
                // tasks may queue more
            }
        }
    }

    /** The writer's stand-in: targets by name, a map for a sink. */
    static final class Targets implements SecretTargets {
        final Map<String, TargetOptions> registered = new ConcurrentHashMap<>();
        final Map<String, DesiredState> written = new ConcurrentHashMap<>();
        final List<String> released = new ArrayList<>();

        private final SecretSink sink = new SecretSink() {
            @Override
            public Optional<String> currentHash(String target) {
                return Optional.ofNullable(written.get(target)).map(DesiredState::hash);
            }

            @Override
            public void write(String target, DesiredState state) {
                written.put(target, state);
            }
        };

        Optional<String> text(String target, String key) {
            return Optional.ofNullable(written.get(target)).map(s -> s.get(key)).map(String::new);
        }

        @Override
        public SecretSink sink() {
            return sink;
        }

        @Override
        public void register(String target, TargetOptions options) {
            registered.put(target, options);
        }

        @Override
        public void unregister(String target) {
            registered.remove(target);
        }

        @Override
        public void release(String target) {
            released.add(target);
            registered.remove(target);
        }
    }
}
