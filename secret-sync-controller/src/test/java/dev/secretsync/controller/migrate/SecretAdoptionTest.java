package dev.secretsync.controller.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.sink.Owner;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which Secret is ack-secret-manager's output for an ExternalSecret, from the spec alone. */
@EnableKubernetesMockClient(crud = true)
class SecretAdoptionTest {

    KubernetesClient client;

    static ExternalSecret es(String spec) {
        return Serialization.unmarshal("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: app, namespace: demo, uid: 1a2b}
                spec:
                """ + spec.indent(2), ExternalSecret.class);
    }

    static Secret secret(Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName("app").withNamespace("demo").endMetadata()
                .withType("Opaque").withData(data).build();
    }

    static String problem(ExternalSecret es, Secret secret) {
        return SecretAdoption.problem(es, Owner.of(es), secret);
    }

    static final ExternalSecret PLAIN = es("""
            data:
            - {key: db, name: password}
            - key: json
              jmesPath: [{path: user, objectAlias: username}]
            target:
              template:
                data: {url: "x"}
            """);

    @Test
    void aSecretHoldingOnlyKeysTheSpecNamesIsAdopted() {
        assertThat(problem(PLAIN, secret(Map.of("password", "eA==", "username", "eA==", "url", "eA==")))).isNull();
        assertThat(problem(PLAIN, secret(Map.of("json", "eA==")))).as("no jmesPath matched: the whole value").isNull();
    }

    @Test
    void aKeyTheSpecCannotWriteIsAConflictNamingTheKey() {
        assertThat(problem(PLAIN, secret(Map.of("password", "eA==", "mine", "eA=="))))
                .isEqualTo("holds keys the ExternalSecret does not write (mine)");
    }

    @Test
    void extractedKeysComeFromTheSecretsContentSoAnyKeyIsAllowed() {
        ExternalSecret extract = es("""
                dataProcess:
                - extract: {key: settings}
                """);
        assertThat(problem(extract, secret(Map.of("anything", "eA==")))).isNull();
    }

    @Test
    void ackManagedKeysAnnotationNamesTemplateKeys() {
        Secret s = secret(Map.of("password", "eA==", "fromTemplate", "eA=="));
        s.getMetadata().setAnnotations(Map.of(SecretAdoption.ACK_MANAGED_KEYS, "fromTemplate"));
        assertThat(problem(PLAIN, s)).isNull();
    }

    @Test
    void anotherControllerOrTypeOrEmptySecretIsAConflict() {
        Secret owned = secret(Map.of("password", "eA=="));
        owned.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withKind("Deployment")
                .withName("web").withController(true).build()));
        assertThat(problem(PLAIN, owned)).isEqualTo("is controlled by Deployment web");
        Secret tls = secret(Map.of("password", "eA=="));
        tls.setType("kubernetes.io/tls");
        assertThat(problem(PLAIN, tls)).isEqualTo("has type kubernetes.io/tls where the ExternalSecret writes Opaque");
        assertThat(problem(PLAIN, secret(Map.of()))).isEqualTo("holds no data, which ack-secret-manager never writes");
    }

    @Test
    void secretSyncsOwnSecretsAreDoneOrSomeoneElses() {
        Secret mine = secret(Map.of("password", "eA=="));
        mine.getMetadata().setLabels(Map.of(Metadata.MANAGED_BY_LABEL, Metadata.MANAGED_BY_VALUE));
        mine.getMetadata().setAnnotations(Map.of(Metadata.OWNER_ANNOTATION, "ExternalSecret/demo/app"));
        assertThat(problem(PLAIN, mine)).isEmpty();
        mine.getMetadata().setAnnotations(Map.of(Metadata.OWNER_ANNOTATION, "ExternalSecret/demo/other"));
        assertThat(problem(PLAIN, mine)).isEqualTo("is managed by secret-sync for ExternalSecret/demo/other");
    }

    @Test
    void mergePolicyWritesIntoSecretsItDoesNotOwnAndNeedsNoAdoption() {
        ExternalSecret merge = es("""
                data: [{key: db, name: password}]
                target: {creationPolicy: Merge}
                """);
        assertThat(problem(merge, secret(Map.of("password", "eA=="))))
                .isEqualTo("is written with creationPolicy Merge, which needs no adoption");
    }

    @Test
    void aSecretTwoExternalSecretsTargetIsAConflictNamingBoth() {
        client.resource(secret(Map.of("password", "eA=="))).create();
        ExternalSecret other = es("""
                data: [{key: db, name: password}]
                target: {name: app}
                """);
        other.getMetadata().setName("other");
        List<Change> changes = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        SecretAdoption.Counts counts = new SecretAdoption(client).plan(List.of(PLAIN, other), changes, conflicts);
        assertThat(changes).isEmpty();
        assertThat(counts.toAdopt()).isZero();
        assertThat(conflicts).singleElement().asString()
                .startsWith("Secret demo/app is the target of 2 ExternalSecrets (demo/app, demo/other): left alone");
    }
}
