package dev.secretsync.k8s.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.spi.SinkException;
import dev.secretsync.k8s.Metadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesSecretSinkTest {

    static final String CANARY = "CANARY-7f3a9c";
    static final String NS = "apps";
    static final String TARGET = NS + "/db-creds";

    KubernetesMockServer server;
    KubernetesClient client;

    final Owner owner = new Owner("alibabacloud.com/v1alpha1", "ExternalSecret", NS, "db", "uid-1");
    final Owner other = new Owner("alibabacloud.com/v1alpha1", "ExternalSecret", NS, "other", "uid-2");
    KubernetesSecretSink sink;

    @BeforeEach
    void setUp() {
        sink = KubernetesSecretSink.builder(client, SecretCache.direct(client)).build();
    }

    static DesiredState state(Map<String, String> data) {
        return DesiredState.ofText(data);
    }

    Secret live() {
        return client.secrets().inNamespace(NS).withName("db-creds").get();
    }

    static String decoded(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    void createForeign(Map<String, String> labels, Map<String, String> annotations) {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("db-creds")
                .withLabels(labels).withAnnotations(annotations).endMetadata()
                .addToData("theirs", b64("keep-me")).build()).create();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void listenerHearsOfEachApiWriteOnlyCreatedOrUpdatedNeverOfANoOp() throws SinkException {
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        KubernetesSecretSink told = KubernetesSecretSink.builder(client, SecretCache.direct(client))
                .listener((target, created) -> heard.add(target + (created ? " created" : " updated"))).build();
        told.register(TARGET, TargetOptions.builder(owner).build());

        told.write(TARGET, state(Map.of("password", "one")));
        told.write(TARGET, state(Map.of("password", "one"))); // the Secret already holds it: no request, no news
        told.write(TARGET, state(Map.of("password", "two")));

        assertThat(heard).containsExactly(TARGET + " created", TARGET + " updated");
    }

    @Test
    void aFailingListenerDoesNotMakeTheWriteFail() throws SinkException {
        KubernetesSecretSink told = KubernetesSecretSink.builder(client, SecretCache.direct(client))
                .listener((target, created) -> {
                    throw new IllegalStateException("listener bug");
                }).build();
        told.register(TARGET, TargetOptions.builder(owner).build());

        told.write(TARGET, state(Map.of("password", "one")));

        assertThat(decoded(live(), "password")).isEqualTo("one");
    }

    @Test
    void ownerPolicyCreatesSecretWithOwnerReferenceLabelAndHash() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).build());
        DesiredState state = state(Map.of("password", "s3cret"));

        sink.write(TARGET, state);

        Secret s = live();
        assertThat(decoded(s, "password")).isEqualTo("s3cret");
        assertThat(s.getType()).isEqualTo("Opaque");
        assertThat(s.getMetadata().getLabels()).containsEntry(Metadata.MANAGED_BY_LABEL, Metadata.MANAGED_BY_VALUE);
        assertThat(s.getMetadata().getAnnotations())
                .containsEntry(Metadata.OWNER_ANNOTATION, "ExternalSecret/apps/db")
                .containsEntry(Metadata.CONTENT_HASH_ANNOTATION, state.hash());
        assertThat(s.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getUid()).isEqualTo("uid-1");
            assertThat(r.getKind()).isEqualTo("ExternalSecret");
            assertThat(r.getController()).isTrue();
        });
        assertThat(sink.currentHash(TARGET)).contains(state.hash());
    }

    @Test
    void updateReplacesDataAndKeepsForeignLabelsAndAnnotations() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).labels(Map.of("team", "db")).build());
        sink.write(TARGET, state(Map.of("a", "1", "b", "2")));
        Secret edited = live();
        edited.getMetadata().getLabels().put("foreign", "label");
        edited.getMetadata().getAnnotations().put("foreign/annotation", "yes");
        client.secrets().inNamespace(NS).resource(edited).update();

        DesiredState next = state(Map.of("a", "10"));
        sink.write(TARGET, next);

        Secret s = live();
        assertThat(s.getData()).containsOnlyKeys("a");
        assertThat(decoded(s, "a")).isEqualTo("10");
        assertThat(s.getMetadata().getLabels()).containsEntry("foreign", "label").containsEntry("team", "db");
        assertThat(s.getMetadata().getAnnotations()).containsEntry("foreign/annotation", "yes")
                .containsEntry(Metadata.CONTENT_HASH_ANNOTATION, next.hash());
    }

    @Test
    void unchangedStateIsNotWrittenAgain() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).build());
        DesiredState state = state(Map.of("a", "1"));
        sink.write(TARGET, state);
        String version = live().getMetadata().getResourceVersion();

        sink.write(TARGET, state);

        assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void currentHashIsAnsweredFromTheCacheWithoutApiCalls() throws SinkException {
        AtomicReference<Secret> cached = new AtomicReference<>();
        KubernetesSecretSink cachedSink = KubernetesSecretSink.builder(client,
                (ns, name) -> Optional.ofNullable(cached.get())).build();
        cachedSink.register(TARGET, TargetOptions.builder(owner).build());
        DesiredState state = state(Map.of("a", "1"));
        cachedSink.write(TARGET, state);
        cached.set(live());

        int before = server.getRequestCount();
        for (int i = 0; i < 50; i++) {
            assertThat(cachedSink.currentHash(TARGET)).contains(state.hash());
        }
        assertThat(server.getRequestCount()).isEqualTo(before);
    }

    @Test
    void currentHashIsEmptyForUnknownUnregisteredOrForeignTargets() {
        assertThat(sink.currentHash(TARGET)).isEmpty();
        sink.register(TARGET, TargetOptions.builder(owner).build());
        assertThat(sink.currentHash(TARGET)).isEmpty();
        createForeign(Map.of(), Map.of(Metadata.CONTENT_HASH_ANNOTATION, "abc"));
        assertThat(sink.currentHash(TARGET)).isEmpty();
    }

    @Test
    void orphanPolicyManagesWithoutOwnerReference() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).creationPolicy(CreationPolicy.ORPHAN).build());
        sink.write(TARGET, state(Map.of("a", "1")));

        Secret s = live();
        assertThat(s.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(s.getMetadata().getLabels()).containsEntry(Metadata.MANAGED_BY_LABEL, Metadata.MANAGED_BY_VALUE);
    }

    @Test
    void switchingFromOwnerToOrphanRemovesTheOwnerReference() throws SinkException {
        DesiredState state = state(Map.of("a", "1"));
        sink.register(TARGET, TargetOptions.builder(owner).build());
        sink.write(TARGET, state);
        sink.register(TARGET, TargetOptions.builder(owner).creationPolicy(CreationPolicy.ORPHAN).build());

        assertThat(sink.currentHash(TARGET)).as("the policy change must cause a write").isEmpty();
        sink.write(TARGET, state);

        assertThat(live().getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(sink.currentHash(TARGET)).contains(state.hash());
    }

    @Test
    void refusesToTakeOverASecretItDoesNotManage() {
        createForeign(Map.of("app", "x"), Map.of());
        sink.register(TARGET, TargetOptions.builder(owner).build());

        assertThatThrownBy(() -> sink.write(TARGET, state(Map.of("a", "1"))))
                .isInstanceOf(SinkException.class)
                .hasMessageContaining("Secret apps/db-creds already exists and is not managed by secret-sync")
                .hasMessageContaining("creationPolicy Merge")
                .satisfies(e -> assertThat(((SinkException) e).isRetryable()).isFalse());
        assertThat(live().getData()).containsOnlyKeys("theirs");
    }

    @Test
    void refusesToTakeOverASecretOfAnotherExternalSecret() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(other).build());
        sink.write(TARGET, state(Map.of("a", "1")));
        sink.register(TARGET, TargetOptions.builder(owner).build());

        assertThatThrownBy(() -> sink.write(TARGET, state(Map.of("a", "2"))))
                .isInstanceOf(SinkException.class)
                .hasMessageContaining("Secret apps/db-creds is managed by ExternalSecret/apps/other")
                .hasMessageContaining("never takes over");
        assertThat(decoded(live(), "a")).isEqualTo("1");
    }

    @Test
    void mergeWritesOnlyItsOwnKeysAndKeepsTheRest() throws SinkException {
        createForeign(Map.of("app", "x"), Map.of("note", "theirs"));
        sink.register(TARGET, TargetOptions.builder(owner).creationPolicy(CreationPolicy.MERGE).build());

        DesiredState first = state(Map.of("a", "1", "b", "2"));
        sink.write(TARGET, first);
        Secret s = live();
        assertThat(s.getData()).containsOnlyKeys("theirs", "a", "b");
        assertThat(decoded(s, "theirs")).isEqualTo("keep-me");
        assertThat(s.getMetadata().getLabels()).doesNotContainKey(Metadata.MANAGED_BY_LABEL).containsEntry("app", "x");
        assertThat(s.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(s.getMetadata().getAnnotations()).containsEntry("note", "theirs")
                .containsEntry(Metadata.MERGED_BY_ANNOTATION, "ExternalSecret/apps/db");
        assertThat(sink.currentHash(TARGET)).contains(first.hash());

        sink.write(TARGET, state(Map.of("a", "3")));
        s = live();
        assertThat(s.getData()).as("b is no longer wanted: removed; theirs kept").containsOnlyKeys("theirs", "a");
        assertThat(decoded(s, "a")).isEqualTo("3");
    }

    @Test
    void heldKeysKeepWhatTheSecretHasWhileTheOtherKeysAreWritten() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).build());
        sink.write(TARGET, state(Map.of("a", "1", "b", "old-b", "c", "old-c")));

        DesiredState partial = state(Map.of("a", "2")).withHeld(Set.of("b"), false);
        sink.write(TARGET, partial);
        Secret s = live();
        assertThat(s.getData()).as("b held, c no longer wanted").containsOnlyKeys("a", "b");
        assertThat(decoded(s, "a")).isEqualTo("2");
        assertThat(decoded(s, "b")).isEqualTo("old-b");
        assertThat(sink.currentHash(TARGET)).contains(partial.hash());

        sink.write(TARGET, state(Map.of("a", "2")).withHeld(Set.of(), true));
        assertThat(live().getData()).as("holding every other key").containsOnlyKeys("a", "b");
        sink.write(TARGET, state(Map.of("a", "2", "b", "new-b")));
        assertThat(decoded(live(), "b")).isEqualTo("new-b");
    }

    @Test
    void aMergedSecretKeepsItsHeldKeysAsItsOwn() throws SinkException {
        createForeign(Map.of(), Map.of());
        sink.register(TARGET, TargetOptions.builder(owner).creationPolicy(CreationPolicy.MERGE).build());
        sink.write(TARGET, state(Map.of("a", "1", "b", "old-b", "c", "old-c")));

        sink.write(TARGET, state(Map.of("a", "2")).withHeld(Set.of("b", "theirs"), false));
        Secret s = live();
        assertThat(s.getData()).containsOnlyKeys("theirs", "a", "b");
        assertThat(decoded(s, "b")).isEqualTo("old-b");
        assertThat(s.getMetadata().getAnnotations()).as("b stays ours, theirs stays theirs")
                .containsEntry(Metadata.MERGED_KEYS_ANNOTATION, "a,b");
    }

    @Test
    void mergeNeedsAnExistingSecretAndRefusesASecondMerger() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).creationPolicy(CreationPolicy.MERGE).build());
        assertThatThrownBy(() -> sink.write(TARGET, state(Map.of("a", "1"))))
                .hasMessageContaining("Secret apps/db-creds does not exist: creationPolicy Merge");

        createForeign(Map.of(), Map.of());
        sink.write(TARGET, state(Map.of("a", "1")));
        sink.register(TARGET, TargetOptions.builder(other).creationPolicy(CreationPolicy.MERGE).build());
        assertThatThrownBy(() -> sink.write(TARGET, state(Map.of("b", "1"))))
                .hasMessageContaining("already has keys merged in by ExternalSecret/apps/db");
    }

    @Test
    void mergeRefusesASecretManagedByAnotherExternalSecret() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(other).build());
        sink.write(TARGET, state(Map.of("a", "1")));
        sink.register(TARGET, TargetOptions.builder(owner).creationPolicy(CreationPolicy.MERGE).build());

        assertThatThrownBy(() -> sink.write(TARGET, state(Map.of("b", "1"))))
                .hasMessageContaining("is managed by ExternalSecret/apps/other");
    }

    @Test
    void typePrecedenceAttributeThenOptionsThenOpaque() throws SinkException {
        sink.register("apps/opaque", TargetOptions.builder(owner).build());
        sink.write("apps/opaque", state(Map.of("a", "1")));
        assertThat(client.secrets().inNamespace(NS).withName("opaque").get().getType()).isEqualTo("Opaque");

        sink.register("apps/spec-type", TargetOptions.builder(owner).type("kubernetes.io/basic-auth").build());
        sink.write("apps/spec-type", state(Map.of("username", "u", "password", "p")));
        assertThat(client.secrets().inNamespace(NS).withName("spec-type").get().getType())
                .isEqualTo("kubernetes.io/basic-auth");

        sink.register("apps/template-type", TargetOptions.builder(owner).type("kubernetes.io/basic-auth").build());
        DesiredState templated = DesiredState.of(Map.of("tls.crt", new byte[] {1}, "tls.key", new byte[] {2}),
                Map.of(SecretAttributes.TYPE, "kubernetes.io/tls", SecretAttributes.LABEL_PREFIX + "tier", "web",
                        SecretAttributes.ANNOTATION_PREFIX + "purpose", "tls"));
        sink.write("apps/template-type", templated);
        Secret s = client.secrets().inNamespace(NS).withName("template-type").get();
        assertThat(s.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(s.getMetadata().getLabels()).containsEntry("tier", "web");
        assertThat(s.getMetadata().getAnnotations()).containsEntry("purpose", "tls");
    }

    @Test
    void typeChangeIsRefusedWithAClearMessage() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).build());
        sink.write(TARGET, state(Map.of("a", "1")));
        sink.register(TARGET, TargetOptions.builder(owner).type("kubernetes.io/basic-auth").build());

        assertThatThrownBy(() -> sink.write(TARGET, state(Map.of("a", "1"))))
                .hasMessageContaining("has type Opaque but kubernetes.io/basic-auth is wanted");
    }

    @Test
    void conflictIsRetriedWithAFreshRead() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).build());
        sink.write(TARGET, state(Map.of("a", "1")));
        Secret stale = live();
        Secret changed = live();
        changed.getMetadata().getLabels().put("touched", "by-someone");
        client.secrets().inNamespace(NS).resource(changed).update();
        KubernetesSecretSink staleSink = KubernetesSecretSink.builder(client, (ns, n) -> Optional.of(stale)).build();
        staleSink.register(TARGET, TargetOptions.builder(owner).build());

        staleSink.write(TARGET, state(Map.of("a", "2")));

        Secret s = live();
        assertThat(decoded(s, "a")).isEqualTo("2");
        assertThat(s.getMetadata().getLabels()).as("the other writer's change survives").containsEntry("touched",
                "by-someone");
    }

    @Test
    void staleCacheAfterExternalDeletionRecreates() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).build());
        sink.write(TARGET, state(Map.of("a", "1")));
        Secret stale = live();
        client.secrets().inNamespace(NS).withName("db-creds").delete();
        KubernetesSecretSink staleSink = KubernetesSecretSink.builder(client, (ns, n) -> Optional.of(stale)).build();
        staleSink.register(TARGET, TargetOptions.builder(owner).build());

        staleSink.write(TARGET, state(Map.of("a", "2")));

        assertThat(decoded(live(), "a")).isEqualTo("2");
    }

    @Test
    void retainRemovesOnlyTheOwnerReference() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).build());
        sink.write(TARGET, state(Map.of("a", "1")));

        sink.release(TARGET);

        Secret s = live();
        assertThat(s).isNotNull();
        assertThat(s.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(decoded(s, "a")).isEqualTo("1");
        assertThat(sink.options(TARGET)).isEmpty();
    }

    @Test
    void deleteRemovesTheSecretItManages() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).deletionPolicy(DeletionPolicy.DELETE).build());
        sink.write(TARGET, state(Map.of("a", "1")));

        sink.release(TARGET);

        assertThat(live()).isNull();
    }

    @Test
    void deleteNeverRemovesASecretItDoesNotManage() throws SinkException {
        createForeign(Map.of(), Map.of());
        sink.register(TARGET, TargetOptions.builder(owner).deletionPolicy(DeletionPolicy.DELETE).build());

        sink.release(TARGET);

        assertThat(live()).isNotNull();
    }

    @Test
    void mergeWithDeleteRemovesOnlyItsKeys() throws SinkException {
        createForeign(Map.of(), Map.of());
        sink.register(TARGET, TargetOptions.builder(owner).creationPolicy(CreationPolicy.MERGE)
                .deletionPolicy(DeletionPolicy.DELETE).build());
        sink.write(TARGET, state(Map.of("a", "1")));

        sink.release(TARGET);

        Secret s = live();
        assertThat(s.getData()).containsOnlyKeys("theirs");
        assertThat(s.getMetadata().getAnnotations()).doesNotContainKeys(Metadata.MERGED_BY_ANNOTATION,
                Metadata.MERGED_KEYS_ANNOTATION, Metadata.CONTENT_HASH_ANNOTATION);
    }

    @Test
    void unregisteredOrMalformedTargetsFailClearly() {
        assertThatThrownBy(() -> sink.write(TARGET, state(Map.of("a", "1"))))
                .hasMessageContaining("no target options registered");
        assertThatThrownBy(() -> sink.register("no-namespace", TargetOptions.builder(owner).build()))
                .hasMessageContaining("namespace/name");
        assertThatThrownBy(() -> sink.register("apps/Bad_Name", TargetOptions.builder(owner).build()))
                .hasMessageContaining("invalid Secret name");
    }

    @Test
    void secretValuesNeverAppearInMessagesOrToString() throws SinkException {
        createForeign(Map.of(), Map.of());
        sink.register(TARGET, TargetOptions.builder(owner).build());
        DesiredState state = state(Map.of("password", CANARY));

        assertThatThrownBy(() -> sink.write(TARGET, state))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY).doesNotContain(b64(CANARY)));
        assertThat(state.toString()).doesNotContain(CANARY);
        assertThat(sink.options(TARGET).orElseThrow().toString()).doesNotContain(CANARY);
    }

    @Test
    void dataEditedByOthersIsNoticedAndRepaired() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).build());
        DesiredState state = state(Map.of("a", "1"));
        sink.write(TARGET, state);
        assertThat(sink.currentHash(TARGET)).contains(state.hash());

        Secret edited = live();
        edited.getData().put("a", b64("tampered"));
        client.secrets().inNamespace(NS).resource(edited).update();
        assertThat(sink.currentHash(TARGET)).as("edited data: the hash no longer describes it").isEmpty();

        sink.write(TARGET, state);
        assertThat(decoded(live(), "a")).isEqualTo("1");
        assertThat(sink.currentHash(TARGET)).contains(state.hash());

        Secret relabelled = live();
        relabelled.getMetadata().getLabels().put("someone", "else");
        client.secrets().inNamespace(NS).resource(relabelled).update();
        assertThat(sink.currentHash(TARGET)).as("a foreign label is not a change of our data").contains(state.hash());
    }

    @Test
    void informerCacheServesReadsAndOwnWritesAreSeenAtOnce() throws SinkException {
        try (var informer = client.secrets().inNamespace(NS).inform()) {
            KubernetesSecretSink informed = KubernetesSecretSink.builder(client, SecretCache.of(informer)).build();
            informed.register(TARGET, TargetOptions.builder(owner).build());
            DesiredState first = state(Map.of("a", "1"));
            informed.write(TARGET, first);
            assertThat(informed.currentHash(TARGET)).as("before the informer saw it").contains(first.hash());

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> informer.getStore().getByKey(NS + "/db-creds") != null);
            DesiredState second = state(Map.of("a", "2"));
            informed.write(TARGET, second);
            assertThat(informed.currentHash(TARGET)).contains(second.hash());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> second.hash().equals(informer.getStore().getByKey(NS + "/db-creds").getMetadata()
                            .getAnnotations().get(Metadata.CONTENT_HASH_ANNOTATION)));

            int before = server.getRequestCount();
            for (int i = 0; i < 20; i++) {
                assertThat(informed.currentHash(TARGET)).contains(second.hash());
                informed.write(TARGET, second);
            }
            assertThat(server.getRequestCount()).as("idle: no API calls").isEqualTo(before);
        }
    }

    @Test
    void invalidKeysAndOversizedDataAreRefusedBeforeAnyCall() {
        sink.register(TARGET, TargetOptions.builder(owner).build());
        int before = server.getRequestCount();

        assertThatThrownBy(() -> sink.write(TARGET, state(Map.of("bad/key", CANARY))))
                .hasMessage("Secret apps/db-creds: key 'bad/key' is not a valid Secret key (letters, digits, '-', "
                        + "'_', '.'; at most 253 characters)");
        assertThatThrownBy(() -> sink.write(TARGET, DesiredState.of(Map.of("big", new byte[1024 * 1024 + 1]))))
                .hasMessage("Secret apps/db-creds: data of 1048577 bytes exceeds the 1 MiB a Secret can hold");
        assertThat(server.getRequestCount()).isEqualTo(before);
    }

    @Test
    void aRecreatedExternalSecretTakesBackItsSecretWithItsNewUid() throws SinkException {
        DesiredState state = state(Map.of("a", "1"));
        sink.register(TARGET, TargetOptions.builder(owner).build());
        sink.write(TARGET, state);
        Owner recreated = new Owner(owner.apiVersion(), owner.kind(), owner.namespace(), owner.name(), "uid-9");
        sink.register(TARGET, TargetOptions.builder(recreated).build());

        assertThat(sink.currentHash(TARGET)).as("owner reference points at the old uid").isEmpty();
        sink.write(TARGET, state);

        assertThat(live().getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getUid()).isEqualTo("uid-9"));
        assertThat(sink.currentHash(TARGET)).contains(state.hash());
    }

    @Test
    void labelsAndAnnotationsNoLongerWantedAreRemovedAndForeignOnesKept() throws SinkException {
        sink.register(TARGET, TargetOptions.builder(owner).build());
        sink.write(TARGET, DesiredState.of(Map.of("a", new byte[] {1}), Map.of(
                SecretAttributes.LABEL_PREFIX + "tier", "web", SecretAttributes.LABEL_PREFIX + "team", "db",
                SecretAttributes.ANNOTATION_PREFIX + "note", "x",
                SecretAttributes.ANNOTATION_PREFIX + Metadata.OWNER_ANNOTATION, "ExternalSecret/apps/evil")));
        Secret s = live();
        assertThat(s.getMetadata().getAnnotations()).as("reserved keys cannot be set by a template")
                .containsEntry(Metadata.OWNER_ANNOTATION, "ExternalSecret/apps/db");
        s.getMetadata().getLabels().put("foreign", "kept");
        client.secrets().inNamespace(NS).resource(s).update();

        sink.write(TARGET, DesiredState.of(Map.of("a", new byte[] {1}),
                Map.of(SecretAttributes.LABEL_PREFIX + "team", "db")));

        Secret after = live();
        assertThat(after.getMetadata().getLabels()).containsEntry("team", "db").containsEntry("foreign", "kept")
                .doesNotContainKey("tier");
        assertThat(after.getMetadata().getAnnotations()).doesNotContainKey("note")
                .containsEntry(Metadata.OWN_LABELS_ANNOTATION, "team")
                .doesNotContainKey(Metadata.OWN_ANNOTATIONS_ANNOTATION);
    }

    @Test
    void aSecretDeletedByOthersIsRecreatedOnceTheCacheGraceHasPassed() throws SinkException {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        // A cache that never sees anything: as if the informer missed the creation, then the deletion.
        KubernetesSecretSink lagging = KubernetesSecretSink.builder(client, (ns, n) -> Optional.empty())
                .clock(clock).cacheGrace(Duration.ofSeconds(30)).build();
        lagging.register(TARGET, TargetOptions.builder(owner).build());
        DesiredState state = state(Map.of("a", "1"));
        lagging.write(TARGET, state);
        client.secrets().inNamespace(NS).withName("db-creds").delete();

        assertThat(lagging.currentHash(TARGET)).as("within the grace, what we wrote counts").contains(state.hash());
        now.set(now.get().plusSeconds(31));
        assertThat(lagging.currentHash(TARGET)).as("after it, the cache is believed").isEmpty();

        lagging.write(TARGET, state);
        assertThat(decoded(live(), "a")).isEqualTo("1");
    }
}
