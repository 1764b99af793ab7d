package dev.secretsync.controller.translate;

import dev.secretsync.controller.settings.ControllerSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.sink.CreationPolicy;
import dev.secretsync.k8s.sink.DeletionPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExternalSecretTranslatorTest {

    private final ExternalSecretTranslator translator = new ExternalSecretTranslator(ControllerSettings.defaults());

    static ExternalSecret es(String yaml) {
        return Serialization.unmarshal(yaml, ExternalSecret.class);
    }

    @Test
    void ackReadmeHelloServiceUsesTheControllerStore() throws Exception {
        ExternalSecret es = es("""
                apiVersion: 'alibabacloud.com/v1alpha1'
                kind: ExternalSecret
                metadata: {name: hello-service, namespace: default, uid: u1}
                spec:
                  data:
                    - key: test
                      name: password
                      versionStage: ACSCurrent
                """);
        ExternalSecretTranslation t = translator.translate(es);
        assertThat(t.target()).isEqualTo("default/hello-service");
        assertThat(t.refs()).containsExactly(SourceRef.stage("controller", "test", "ACSCurrent"));
        assertThat(t.storeIds()).containsExactly(ExternalSecretTranslator.CONTROLLER_STORE);
        assertThat(t.refreshInterval()).contains(Duration.ofSeconds(120));
        assertThat(t.targetOptions().type()).isNull();
        assertThat(t.targetOptions().creationPolicy()).isEqualTo(CreationPolicy.OWNER);
        assertThat(t.targetOptions().deletionPolicy()).isEqualTo(DeletionPolicy.RETAIN);
        var state = t.transform().apply(Map.of(t.refs().get(0), SecretValue.text("pw", "v1")));
        assertThat(state.keys()).containsExactly("password");
    }

    @Test
    void oosProviderReadsTheControllersOosStoreUnlessAStoreIsNamed() throws Exception {
        ExternalSecretTranslation t = translator.translate(es("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: params, namespace: default, uid: u3}
                spec:
                  provider: oos
                  data:
                  - {key: db-password, name: password}
                  - {key: api-token, name: token, secretStoreRef: {name: oos-store}}
                """));
        assertThat(t.refs()).containsExactly(SourceRef.current("controller-oos", "db-password"),
                SourceRef.current("SecretStore/default/oos-store", "api-token"));
        assertThat(t.storeIds()).containsExactlyInAnyOrder("controller-oos", "SecretStore/default/oos-store");
    }

    @Test
    void versionStageWithVersionIdSendsBoth() throws Exception {
        ExternalSecretTranslation t = translator.translate(es("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: pinned, namespace: default, uid: u4}
                spec:
                  data: [{key: app-db, name: db, versionStage: ACSCurrent, versionId: v2}]
                """));
        assertThat(t.refs()).containsExactly(new SourceRef("controller", "app-db", "ACSCurrent", "v2"));
    }

    @Test
    void ackReadmeJmesPathAndExtractExample() throws Exception {
        ExternalSecret es = es("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: esdemo, namespace: default, uid: u2}
                spec:
                  provider: kms
                  data:
                  - key: test1
                    name: test1
                    versionId: v1
                    secretStoreRef: {name: scdemo, namespace: default}
                    jmesPath:
                    - {path: "friends[0].name", objectAlias: friendname}
                  dataProcess:
                  - extract: {key: test1, secretStoreRef: {name: scdemo}}
                    replaceRule:
                    - {source: "^n.*e$", target: alibabacloud}
                """);
        ExternalSecretTranslation t = translator.translate(es);
        SourceRef v1 = SourceRef.versionId("SecretStore/default/scdemo", "test1", "v1");
        SourceRef current = SourceRef.current("SecretStore/default/scdemo", "test1");
        assertThat(t.refs()).containsExactly(v1, current);
        assertThat(t.storeIds()).containsExactly("SecretStore/default/scdemo");
        String json = "{\"name\":\"tom\",\"friends\":[{\"name\":\"lily\"}]}";
        var state = t.transform().apply(Map.of(v1, SecretValue.text(json, "v1"), current,
                SecretValue.text(json, "v1")));
        assertThat(state.keys()).containsExactlyInAnyOrder("friendname", "alibabacloud", "friends");
        assertThat(new String(state.get("friendname"), StandardCharsets.UTF_8)).isEqualTo("lily");
    }

    @Test
    void secretSyncAdditionsTemplateEndpointAndPolicies() throws Exception {
        ExternalSecret es = es("""
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: db, namespace: apps, uid: u3}
                spec:
                  type: Opaque
                  rotationInterval: 10m
                  target:
                    name: db-credentials
                    creationPolicy: Orphan
                    deletionPolicy: Delete
                    template:
                      type: kubernetes.io/basic-auth
                      metadata:
                        labels: {app: db}
                      data:
                        password: "{{ .password }}"
                      templateFrom:
                      - configMap:
                          name: db-templates
                          items:
                          - {key: dsn, templateAs: Values}
                  data:
                  - key: prod/db-password
                    name: password
                    secretStoreRef: {name: shared-kms, kind: ClusterSecretStore}
                    kmsEndpoint: kst-abc.cryptoservice.kms.aliyuncs.com
                  rolloutRestart:
                  - {kind: Deployment, name: api}
                """);
        TemplateSources sources = new TemplateSources() {
            @Override
            public Optional<Map<String, String>> configMap(String namespace, String name) {
                return namespace.equals("apps") && name.equals("db-templates")
                        ? Optional.of(Map.of("dsn", "user:{{ .password }}@db", "other", "x")) : Optional.empty();
            }

            @Override
            public Optional<Map<String, String>> secret(String namespace, String name) {
                return Optional.empty();
            }
        };
        ExternalSecretTranslation t = translator.translate(es, sources);
        String derived = "ClusterSecretStore/shared-kms@kst-abc.cryptoservice.kms.aliyuncs.com";
        assertThat(t.target()).isEqualTo("apps/db-credentials");
        assertThat(t.refs()).containsExactly(SourceRef.current(derived, "prod/db-password"));
        assertThat(t.storeIds()).containsExactly("ClusterSecretStore/shared-kms");
        assertThat(t.endpointStores()).containsEntry(derived, new ExternalSecretTranslation.EndpointStore(
                "ClusterSecretStore/shared-kms", "kst-abc.cryptoservice.kms.aliyuncs.com"));
        assertThat(t.refreshInterval()).contains(Duration.ofMinutes(10));
        assertThat(t.targetOptions().type()).isEqualTo("kubernetes.io/basic-auth");
        assertThat(t.targetOptions().labels()).containsEntry("app", "db");
        assertThat(t.targetOptions().creationPolicy()).isEqualTo(CreationPolicy.ORPHAN);
        assertThat(t.targetOptions().deletionPolicy()).isEqualTo(DeletionPolicy.DELETE);
        assertThat(t.rolloutRestart()).hasSize(1);
        var state = t.transform().apply(Map.of(t.refs().get(0), SecretValue.text("pw", "v1")));
        assertThat(state.keys()).containsExactlyInAnyOrder("password", "dsn");
        assertThat(new String(state.get("dsn"), StandardCharsets.UTF_8)).isEqualTo("user:pw@db");
    }

    @Test
    void pollingOffWithDisablePollingOrANonPeriodicPolicy() throws Exception {
        String yaml = """
                apiVersion: alibabacloud.com/v1alpha1
                kind: ExternalSecret
                metadata: {name: a, namespace: n, uid: u}
                spec:
                  refreshPolicy: %s
                  data: [{key: k}]
                """;
        assertThat(translator.translate(es(yaml.formatted("OnChange"))).refreshInterval()).isEmpty();
        assertThat(translator.translate(es(yaml.formatted("CreatedOnce"))).refreshInterval()).isEmpty();
        ExternalSecretTranslator noPolling = new ExternalSecretTranslator(
                ControllerSettings.builder().disablePolling(true).build());
        assertThat(noPolling.translate(es(yaml.formatted("Periodic"))).refreshInterval()).isEmpty();
        ExternalSecretTranslator fast = new ExternalSecretTranslator(
                ControllerSettings.builder().pollingInterval(Duration.ofSeconds(7)).build());
        assertThat(fast.translate(es(yaml.formatted("Periodic"))).refreshInterval()).contains(Duration.ofSeconds(7));
    }

    @Test
    void errorsNameTheField() {
        assertField("""
                spec:
                  data: [{key: k, secretStoreRef: {name: s, kind: Vault}}]
                """, "spec.data[0].secretStoreRef");
        assertField("""
                spec:
                  data: [{key: k, secretStoreRef: {name: s, namespace: other}}]
                """, "spec.data[0].secretStoreRef");
        assertField("""
                spec:
                  data: [{key: k}, {name: x}]
                """, "spec.data[1].key");
        assertField("""
                spec:
                  rotationInterval: soon
                  data: [{key: k}]
                """, "spec.rotationInterval");
        assertField("""
                spec:
                  provider: vault
                  data: [{key: k}]
                """, "spec.provider");
        assertField("""
                spec:
                  data: [{key: k, jmesPath: [{path: "a["}]}]
                """, "spec.data[0].jmesPath[0].objectAlias");
        assertField("""
                spec:
                  data: [{key: k, jmesPath: [{path: "a[", objectAlias: x}]}]
                """, "spec.data[0].jmesPath[0].path");
        assertField("""
                spec:
                  target: {template: {data: {x: "{{ env \\"HOME\\" }}"}}}
                  data: [{key: k}]
                """, "spec.target.template.data[x]");
        assertField("""
                spec:
                  target: {template: {templateFrom: [{configMap: {name: missing}}]}}
                  data: [{key: k}]
                """, "spec.target.template.templateFrom[0].configMap");
        assertField("""
                spec:
                  data: [{key: k}]
                  rolloutRestart: [{kind: Pod, name: p}]
                """, "spec.rolloutRestart[0].kind");
        assertField("""
                spec:
                  data: []
                """, "spec.data");
    }

    @Test
    void crossNamespaceStoreWhenEnabled() throws Exception {
        ExternalSecretTranslator cross = new ExternalSecretTranslator(
                ControllerSettings.builder().enableCrossNamespaceSecretStore(true).build());
        ExternalSecretTranslation t = cross.translate(es("""
                metadata: {name: a, namespace: n, uid: u}
                spec:
                  data: [{key: k, secretStoreRef: {name: s, namespace: other}}]
                """));
        assertThat(t.storeIds()).containsExactly("SecretStore/other/s");
    }

    private void assertField(String spec, String field) {
        ExternalSecret es = es("metadata: {name: a, namespace: n, uid: u}\n" + spec);
        assertThatThrownBy(() -> translator.translate(es))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).field()).startsWith(field));
    }
}
