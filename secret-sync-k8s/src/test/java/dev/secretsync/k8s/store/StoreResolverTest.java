package dev.secretsync.k8s.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.CloudAuth;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ClusterSecretStoreSpec;
import dev.secretsync.k8s.model.DedicatedKmsAuth;
import dev.secretsync.k8s.model.KmsProvider;
import dev.secretsync.k8s.model.OosProvider;
import dev.secretsync.k8s.model.SecretRef;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.model.SecretStoreSpec;
import dev.secretsync.k8s.model.ServiceAccountRef;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsStoreConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class StoreResolverTest {

    static final String CANARY = "CANARY-7f3a9c";
    static final String NS = "apps";
    static final String ROLE = "acs:ram::1234567890:role/kms-reader";
    static final String REMOTE_ROLE = "acs:ram::2109876543:role/shared-reader";
    static final String PROVIDER = "acs:ram::1234567890:oidc-provider/ack-rrsa-c1234";
    static final String CLIENT_KEY = "{\"KeyId\":\"KAAP.71be72c8\",\"PrivateKeyData\":\"" + CANARY + "\"}";

    KubernetesClient client;
    StoreResolver resolver;

    @BeforeEach
    void setUp() {
        resolver = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou").build();
        putSecret(NS, "ak", Map.of("id", "LTAI5tExampleId", "secret", CANARY + "\n"));
    }

    void putSecret(String ns, String name, Map<String, String> data) {
        Secret s = new SecretBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().build();
        data.forEach((k, v) -> s.getData().put(k, b64(v)));
        client.secrets().inNamespace(ns).resource(s).createOr(r -> r.update());
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static SecretRef ref(String ns, String name, String key) {
        SecretRef r = new SecretRef();
        r.setNamespace(ns);
        r.setName(name);
        r.setKey(key);
        return r;
    }

    static CloudAuth accessKeyAuth(String ns) {
        CloudAuth a = new CloudAuth();
        a.setAccessKey(ref(ns, "ak", "id"));
        a.setAccessKeySecret(ref(ns, "ak", "secret"));
        return a;
    }

    static SecretStore store(CloudAuth auth) {
        KmsProvider kms = new KmsProvider();
        kms.setKmsAuth(auth);
        SecretStoreSpec spec = new SecretStoreSpec();
        spec.setKms(kms);
        SecretStore store = new SecretStore();
        store.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName("scdemo").withUid("uid-s")
                .withGeneration(1L).build());
        store.setSpec(spec);
        return store;
    }

    static ClusterSecretStore clusterStore(CloudAuth auth) {
        KmsProvider kms = new KmsProvider();
        kms.setKmsAuth(auth);
        ClusterSecretStoreSpec spec = new ClusterSecretStoreSpec();
        spec.setKms(kms);
        ClusterSecretStore store = new ClusterSecretStore();
        store.setMetadata(new ObjectMetaBuilder().withName("shared").withUid("uid-c").build());
        store.setSpec(spec);
        return store;
    }

    static void assertNoCanary(StoreResolution r) {
        assertThat(r.message()).doesNotContain(CANARY);
        assertThat(r.toString()).doesNotContain(CANARY);
        r.config().ifPresent(c -> assertThat(c.toString()).doesNotContain(CANARY));
    }

    @Test
    void accessKeyIsReadFromTheSecretInTheStoresNamespace() {
        StoreResolution r = resolver.resolve(store(accessKeyAuth(null)));

        assertThat(r.ready()).isTrue();
        assertThat(r.reason()).isEqualTo("Valid");
        assertThat(r.storeId()).isEqualTo("SecretStore/apps/scdemo");
        KmsStoreConfig config = r.config().orElseThrow();
        assertThat(config.region()).isEqualTo("cn-hangzhou");
        assertThat(config.endpoint()).isEqualTo("kms-vpc.cn-hangzhou.aliyuncs.com");
        assertThat(config.auth()).isEqualTo(KmsAuth.accessKey("LTAI5tExampleId", CANARY));
        assertNoCanary(r);
    }

    @Test
    void accessKeyWithRamRoleAndRemoteRoleChainsAssumeRoles() {
        CloudAuth a = accessKeyAuth(null);
        a.setRamRoleARN(ROLE);
        a.setRamRoleSessionName("reader");
        a.setRoleSessionExpiration("7200");
        a.setRemoteRamRoleARN(REMOTE_ROLE);
        a.setRemoteRamRoleSessionName("cross");

        KmsAuth auth = resolver.resolve(store(a)).config().orElseThrow().auth();

        // ack-secret-manager's tiers: AccessKey + AssumeRole, then the AccessKey; the remote role on top.
        assertThat(auth).isInstanceOfSatisfying(KmsAuth.AssumeRole.class, remote -> {
            assertThat(remote.roleArn()).isEqualTo(REMOTE_ROLE);
            assertThat(remote.session().sessionName()).isEqualTo("cross");
            assertThat(remote.session().duration()).isEqualTo(Duration.ofHours(2));
            assertThat(remote.base()).isInstanceOfSatisfying(KmsAuth.FirstAvailable.class, chain -> {
                assertThat(chain.tiers()).hasSize(2);
                assertThat(chain.tiers().get(0)).isInstanceOfSatisfying(KmsAuth.AssumeRole.class, role -> {
                    assertThat(role.roleArn()).isEqualTo(ROLE);
                    assertThat(role.session().sessionName()).isEqualTo("reader");
                    assertThat(role.base()).isInstanceOf(KmsAuth.AccessKey.class);
                });
                assertThat(chain.tiers().get(1)).isInstanceOf(KmsAuth.AccessKey.class);
            });
        });
    }

    @Test
    void missingSecretOrKeyFailsValidationNamingTheField() {
        CloudAuth a = accessKeyAuth(null);
        a.setAccessKeySecret(ref(null, "ak", "nope"));
        StoreResolution r = resolver.resolve(store(a));
        assertThat(r.ready()).isFalse();
        assertThat(r.reason()).isEqualTo("ValidationFailed");
        assertThat(r.message()).isEqualTo("spec.KMS.KMSAuth.accessKeySecret: Secret apps/ak has no key 'nope'");

        a.setAccessKeySecret(ref(null, "missing", "secret"));
        assertThat(resolver.resolve(store(a)).message())
                .isEqualTo("spec.KMS.KMSAuth.accessKeySecret: Secret apps/missing not found");

        a.setAccessKeySecret(null);
        assertThat(resolver.resolve(store(a)).message())
                .contains("accessKey and accessKeySecret must be set together");
    }

    @Test
    void crossNamespaceSecretIsDeniedByDefaultAndAllowedByFlag() {
        putSecret("vault", "ak", Map.of("id", "LTAI5tOther", "secret", CANARY));

        StoreResolution denied = resolver.resolve(store(accessKeyAuth("vault")));
        assertThat(denied.ready()).isFalse();
        assertThat(denied.message()).contains("spec.KMS.KMSAuth.accessKey.namespace 'vault' is not the SecretStore's "
                + "namespace 'apps': cross-namespace references are disabled");

        StoreResolver allowing = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou")
                .allowCrossNamespaceRefs(true).build();
        StoreResolution allowed = allowing.resolve(store(accessKeyAuth("vault")));
        assertThat(allowed.config().orElseThrow().auth()).isEqualTo(KmsAuth.accessKey("LTAI5tOther", CANARY));
    }

    @Test
    void clusterStoreNeedsTheSecretsNamespace() {
        StoreResolution missing = resolver.resolve(clusterStore(accessKeyAuth(null)));
        assertThat(missing.message()).isEqualTo(
                "spec.KMS.KMSAuth.accessKey.namespace must be set in a ClusterSecretStore");

        StoreResolution r = resolver.resolve(clusterStore(accessKeyAuth(NS)));
        assertThat(r.storeId()).isEqualTo("ClusterSecretStore/shared");
        assertThat(r.config().orElseThrow().auth()).isInstanceOf(KmsAuth.AccessKey.class);
    }

    @Test
    void oidcTokenFileFromTheStoreOrTheControllerDefault() {
        CloudAuth a = new CloudAuth();
        a.setRamRoleARN(ROLE);
        a.setOidcProviderARN(PROVIDER);
        assertThat(resolver.resolve(store(a)).config().orElseThrow().auth())
                .isInstanceOfSatisfying(KmsAuth.OidcTokenFile.class, o -> {
                    assertThat(o.roleArn()).isEqualTo(ROLE);
                    assertThat(o.tokenFile()).isEqualTo(Path.of("/var/run/secrets/tokens/ack-secret-manager"));
                    assertThat(o.session().sessionName()).isEqualTo("ack-secret-manager");
                });

        StoreResolver otherDefault = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou")
                .defaultOidcTokenFile(Path.of("/tokens/rrsa")).build();
        assertThat(((KmsAuth.OidcTokenFile) otherDefault.resolve(store(a)).config().orElseThrow().auth()).tokenFile())
                .isEqualTo(Path.of("/tokens/rrsa"));

        a.setOidcTokenFilePath("/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token");
        assertThat(resolver.resolve(store(a)).config().orElseThrow().auth())
                .isInstanceOfSatisfying(KmsAuth.OidcTokenFile.class, o -> assertThat(o.tokenFile())
                        .isEqualTo(Path.of("/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token")));
    }

    @Test
    void serviceAccountRefTakesTheRoleFromItsAnnotation() {
        client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("reader").addToAnnotations(Metadata.ROLE_ARN_ANNOTATION, ROLE).endMetadata().build())
                .create();
        CloudAuth a = new CloudAuth();
        a.setOidcProviderARN(PROVIDER);
        ServiceAccountRef sa = new ServiceAccountRef();
        sa.setName("reader");
        a.setServiceAccountRef(sa);

        assertThat(resolver.resolve(store(a)).config().orElseThrow().auth())
                .isInstanceOfSatisfying(KmsAuth.OidcTokenSupplier.class, o -> {
                    assertThat(o.roleArn()).isEqualTo(ROLE);
                    assertThat(o.oidcProviderArn()).isEqualTo(PROVIDER);
                });
    }

    @Test
    void serviceAccountWithoutRoleOrMissingFailsValidation() {
        client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("plain").endMetadata().build()).create();
        CloudAuth a = new CloudAuth();
        a.setOidcProviderARN(PROVIDER);
        ServiceAccountRef sa = new ServiceAccountRef();
        sa.setName("plain");
        a.setServiceAccountRef(sa);
        assertThat(resolver.resolve(store(a)).message()).contains("ServiceAccount apps/plain has no annotation "
                + "ack.alibabacloud.com/role-arn");

        sa.setName("ghost");
        assertThat(resolver.resolve(store(a)).message())
                .isEqualTo("spec.KMS.KMSAuth.serviceAccountRef: ServiceAccount apps/ghost not found");
    }

    @Test
    void dedicatedKmsUsesTheClientKeyFromSecretsAndTheInstanceCa() throws IOException {
        String pem;
        try (InputStream in = getClass().getResourceAsStream("/test-ca.pem")) {
            pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        putSecret(NS, "client-key", Map.of("content", CLIENT_KEY, "password", CANARY));
        DedicatedKmsAuth d = new DedicatedKmsAuth();
        d.setProtocol("https");
        d.setEndpoint("kst-hzz62ee3c8e2b4cd1k9nt");
        d.setCa(b64(pem));
        d.setClientKeyContent(ref(null, "client-key", "content"));
        d.setPassword(ref(null, "client-key", "password"));
        SecretStore store = store(null);
        store.getSpec().getKms().setKmsAuth(null);
        store.getSpec().getKms().setDedicatedKmsAuth(d);

        StoreResolution r = resolver.resolve(store);

        KmsStoreConfig config = r.config().orElseThrow();
        assertThat(config.endpoint()).isEqualTo("kst-hzz62ee3c8e2b4cd1k9nt.cryptoservice.kms.aliyuncs.com");
        assertThat(config.caPem()).isEqualTo(pem);
        assertThat(config.auth()).isInstanceOf(KmsAuth.ClientKey.class);
        assertNoCanary(r);

        d.setIgnoreSSL(true);
        StoreResolution insecure = resolver.resolve(store);
        assertThat(insecure.reason()).isEqualTo("ValidationFailed");
        assertThat(insecure.message()).contains("ignoreSSL is not supported");

        d.setIgnoreSSL(null);
        d.setEndpoint("kms.evil.example.com");
        StoreResolution wrongEndpoint = resolver.resolve(store);
        assertThat(wrongEndpoint.reason()).isIn("ClientCreationFailed", "ValidationFailed");
        assertThat(wrongEndpoint.message()).contains("kms.evil.example.com");
        assertNoCanary(wrongEndpoint);
    }

    @Test
    void providerIsKmsOrOos() {
        SecretStore empty = store(null);
        empty.getSpec().setKms(null);
        assertThat(resolver.resolve(empty).reason()).isEqualTo("InvalidProviderConfig");

        SecretStore both = store(accessKeyAuth(null));
        both.getSpec().setOos(new OosProvider());
        assertThat(resolver.resolve(both).message()).isEqualTo("spec must set only one of KMS and OOS");
    }

    @Test
    void oosStoresSignInTheSameWayAndReachOos() {
        SecretStore oos = store(null);
        oos.getSpec().setKms(null);
        OosProvider provider = new OosProvider();
        provider.setOosAuth(accessKeyAuth(null));
        oos.getSpec().setOos(provider);
        StoreResolver withKmsEndpoint = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou")
                .endpoint("kms.cn-hangzhou.aliyuncs.com").build();

        StoreResolution r = withKmsEndpoint.resolve(oos);
        KmsStoreConfig config = r.config().orElseThrow();
        assertThat(config.service()).isEqualTo(KmsStoreConfig.Service.OOS);
        assertThat(config.endpoint()).as("--kms-endpoint is KMS's").isEqualTo("oos-vpc.cn-hangzhou.aliyuncs.com");
        assertThat(config.auth()).isEqualTo(KmsAuth.accessKey("LTAI5tExampleId", CANARY));
        assertThat(withKmsEndpoint.withEndpoint(r, "kst-abc.cryptoservice.kms.aliyuncs.com"))
                .as("kmsEndpoint is ignored for OOS, as ack-secret-manager does").isSameAs(r);
        assertNoCanary(r);

        provider.getOosAuth().setAccessKeySecret(ref(null, "ak", "missing"));
        assertThat(withKmsEndpoint.resolve(oos).message())
                .isEqualTo("spec.OOS.OOSAuth.accessKeySecret: Secret apps/ak has no key 'missing'");
        provider.setOosAuth(new CloudAuth());
        assertThat(withKmsEndpoint.resolve(oos).message()).startsWith("spec.OOS.OOSAuth sets no usable sign-in");
    }

    @Test
    void aStoreWithoutCredentialsNeverBorrowsTheControllers() {
        StoreResolution none = resolver.resolve(store(new CloudAuth()));
        assertThat(none.reason()).isEqualTo("ValidationFailed");
        assertThat(none.message()).startsWith("spec.KMS.KMSAuth sets no usable sign-in")
                .contains("the controller's own credentials are not used for a store");
        assertThat(resolver.resolve(store(null)).message()).startsWith("spec.KMS sets no usable sign-in");
        CloudAuth roleOnly = new CloudAuth();
        roleOnly.setRamRoleARN(ROLE);
        assertThat(resolver.resolve(store(roleOnly)).message()).contains("sets no usable sign-in");

        StoreResolver worker = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou")
                .enableWorkerRole(true).build();
        assertThat(worker.resolve(store(null)).config().orElseThrow().auth()).isEqualTo(KmsAuth.ecsRamRole(null));
        assertThat(worker.resolve(store(accessKeyAuth(null))).config().orElseThrow().auth())
                .isInstanceOfSatisfying(KmsAuth.FirstAvailable.class, chain -> assertThat(chain.tiers())
                        .containsExactly(KmsAuth.accessKey("LTAI5tExampleId", CANARY), KmsAuth.ecsRamRole(null)));
    }

    @Test
    void rrsaWithoutAProviderArnUsesTheClustersDefault() {
        StoreResolver cluster = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou")
                .cluster("c0123456789abcdef", "1234567890").enableWorkerRole(true).build();
        String derived = "acs:ram::1234567890:oidc-provider/ack-rrsa-c0123456789abcdef";
        CloudAuth roleOnly = new CloudAuth();
        roleOnly.setRamRoleARN(ROLE);
        assertThat(cluster.resolve(store(roleOnly)).config().orElseThrow().auth())
                .isInstanceOfSatisfying(KmsAuth.FirstAvailable.class, chain -> {
                    assertThat(chain.tiers().get(0)).isInstanceOfSatisfying(KmsAuth.OidcTokenFile.class, o -> {
                        assertThat(o.oidcProviderArn()).isEqualTo(derived);
                        assertThat(o.roleArn()).isEqualTo(ROLE);
                        assertThat(o.tokenFile()).isEqualTo(StoreResolver.DEFAULT_OIDC_TOKEN_FILE);
                    });
                    assertThat(chain.tiers().get(1)).isEqualTo(KmsAuth.ecsRamRole(null));
                });

        // A malformed provider ARN is replaced by the default as well.
        roleOnly.setOidcProviderARN("ack-rrsa-c0123456789abcdef");
        assertThat(((KmsAuth.FirstAvailable) cluster.resolve(store(roleOnly)).config().orElseThrow().auth()).tiers()
                .get(0)).isInstanceOfSatisfying(KmsAuth.OidcTokenFile.class,
                        o -> assertThat(o.oidcProviderArn()).isEqualTo(derived));

        // An explicit provider leads; a derived one does not outrank a complete AccessKey.
        CloudAuth explicit = accessKeyAuth(null);
        explicit.setRamRoleARN(ROLE);
        explicit.setOidcProviderARN(PROVIDER);
        assertThat(((KmsAuth.FirstAvailable) cluster.resolve(store(explicit)).config().orElseThrow().auth()).tiers())
                .extracting(t -> t.getClass().getSimpleName())
                .containsExactly("OidcTokenFile", "AssumeRole", "AccessKey", "EcsRamRole");
        CloudAuth derivedWithKeys = accessKeyAuth(null);
        derivedWithKeys.setRamRoleARN(ROLE);
        assertThat(((KmsAuth.FirstAvailable) cluster.resolve(store(derivedWithKeys)).config().orElseThrow().auth())
                .tiers()).extracting(t -> t.getClass().getSimpleName())
                .containsExactly("AssumeRole", "AccessKey", "EcsRamRole");

        assertThatThrownBy(() -> StoreResolver.builder(KubeAccess.of(client)).cluster("c1", "12ab"))
                .hasMessageContaining("--uid");
    }

    @Test
    void serviceAccountRefIsFailClosedAndTakesTheDefaultProviderArn() {
        client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("reader").addToAnnotations(Metadata.ROLE_ARN_ANNOTATION, ROLE).endMetadata().build())
                .create();
        CloudAuth a = accessKeyAuth(null);
        ServiceAccountRef sa = new ServiceAccountRef();
        sa.setName("reader");
        a.setServiceAccountRef(sa);
        assertThat(resolver.resolve(store(a)).message()).isEqualTo("spec.KMS.KMSAuth.oidcProviderARN must be set for "
                + "serviceAccountRef (the controller has no --cluster-id and --uid to derive it from)");

        StoreResolver cluster = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou")
                .cluster("c0123456789abcdef", "1234567890").enableWorkerRole(true).build();
        assertThat(cluster.resolve(store(a)).config().orElseThrow().auth())
                .as("the ServiceAccount alone: no AccessKey or worker role behind it")
                .isInstanceOfSatisfying(KmsAuth.OidcTokenSupplier.class, o -> assertThat(o.oidcProviderArn())
                        .isEqualTo("acs:ram::1234567890:oidc-provider/ack-rrsa-c0123456789abcdef"));
    }

    @Test
    void badSessionSettingsNameTheField() {
        CloudAuth a = accessKeyAuth(null);
        a.setRamRoleARN(ROLE);
        a.setRoleSessionExpiration("soon");
        assertThat(resolver.resolve(store(a)).message()).startsWith("spec.KMS.KMSAuth.roleSessionExpiration");

        a.setRoleSessionExpiration("1h30m");
        KmsAuth.FirstAvailable chain = (KmsAuth.FirstAvailable) resolver.resolve(store(a)).config().orElseThrow().auth();
        assertThat(((KmsAuth.AssumeRole) chain.tiers().get(0)).session().duration()).isEqualTo(Duration.ofMinutes(90));
        assertThat(((KmsAuth.AssumeRole) chain.tiers().get(0)).session().sessionName()).isEqualTo("ack-secret-manager");

        a.setRamRoleARN("not-an-arn");
        StoreResolution r = resolver.resolve(store(a));
        assertThat(r.message()).startsWith("spec.KMS.KMSAuth.ramRoleARN");
        assertNoCanary(r);
    }

    @Test
    void unchangedStoreKeepsItsConfigurationAndAChangeRebuildsOnlyThatStore() {
        SecretStore one = store(accessKeyAuth(null));
        SecretStore two = store(accessKeyAuth(null));
        two.getMetadata().setName("other");
        putSecret(NS, "unrelated", Map.of("x", "y"));

        KmsStoreConfig first = resolver.resolve(one).config().orElseThrow();
        KmsStoreConfig second = resolver.resolve(two).config().orElseThrow();
        assertThat(resolver.resolve(one).config().orElseThrow()).isSameAs(first);

        putSecret(NS, "unrelated", Map.of("x", "z"));
        assertThat(resolver.resolve(one).config().orElseThrow()).as("unrelated Secret changed").isSameAs(first);

        putSecret(NS, "ak", Map.of("id", "LTAI5tRotated", "secret", CANARY));
        KmsStoreConfig rotated = resolver.resolve(one).config().orElseThrow();
        assertThat(rotated).isNotSameAs(first);
        assertThat(((KmsAuth.AccessKey) rotated.auth()).accessKeyId()).isEqualTo("LTAI5tRotated");

        two.getSpec().getKms().getKmsAuth().setRamRoleARN(ROLE);
        KmsStoreConfig changedSpec = resolver.resolve(two).config().orElseThrow();
        assertThat(changedSpec).isNotSameAs(second);
        assertThat(changedSpec.auth()).isInstanceOf(KmsAuth.FirstAvailable.class);
    }

    @Test
    void builderChecksItsSettings() {
        assertThatThrownBy(() -> StoreResolver.builder(KubeAccess.of(client)).build())
                .hasMessageContaining("region must be set");
        assertThatThrownBy(() -> StoreResolver.builder(KubeAccess.of(client)).tokenExpiration(Duration.ofMinutes(1)))
                .hasMessageContaining("tokenExpiration");
        assertThat(StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou").build().resolve(
                store(accessKeyAuth(null))).config().orElseThrow().auth()).isNotNull();
        assertThat(List.of(GoDuration.parse("90s"), GoDuration.parse("1h"), GoDuration.parse("500ms")))
                .containsExactly(Duration.ofSeconds(90), Duration.ofHours(1), Duration.ofMillis(500));
    }

    @Test
    void failuresNeverQuoteWhatSecretsHold() {
        putSecret(NS, "bad-key", Map.of("content", "not json " + CANARY, "password", CANARY));
        DedicatedKmsAuth d = new DedicatedKmsAuth();
        d.setEndpoint("kst-hzz62ee3c8e2b4cd1k9nt");
        d.setClientKeyContent(ref(null, "bad-key", "content"));
        d.setPassword(ref(null, "bad-key", "password"));
        d.setCa(CANARY);
        SecretStore store = store(null);
        store.getSpec().getKms().setKmsAuth(null);
        store.getSpec().getKms().setDedicatedKmsAuth(d);
        StoreResolution badCa = resolver.resolve(store);
        assertThat(badCa.ready()).isFalse();
        assertNoCanary(badCa);

        d.setCa(null);
        StoreResolution badKey = resolver.resolve(store);
        assertThat(badKey.message()).contains("clientKeyContent");
        assertNoCanary(badKey);

        Secret notBase64 = new SecretBuilder().withNewMetadata().withNamespace(NS).withName("raw").endMetadata()
                .addToData("id", CANARY + "!!").addToData("secret", b64(CANARY)).build();
        client.secrets().inNamespace(NS).resource(notBase64).create();
        CloudAuth a = new CloudAuth();
        a.setAccessKey(ref(null, "raw", "id"));
        a.setAccessKeySecret(ref(null, "raw", "secret"));
        StoreResolution badData = resolver.resolve(store(a));
        assertThat(badData.message()).isEqualTo("spec.KMS.KMSAuth.accessKey: key 'id' of Secret apps/raw is not "
                + "valid base64");
        assertNoCanary(badData);
    }

    @Test
    void endpointsComeFromTheEntryTheControllerOrTheRegion() {
        StoreResolver withDefault = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou")
                .endpoint("kms.cn-hangzhou.aliyuncs.com").build();
        StoreResolution base = withDefault.resolve(store(accessKeyAuth(null)));
        assertThat(base.config().orElseThrow().endpoint()).isEqualTo("kms.cn-hangzhou.aliyuncs.com");

        StoreResolution entry = withDefault.withEndpoint(base, "kst-hzz62ee3c8e2b4cd1k9nt.cryptoservice.kms.aliyuncs.com");
        assertThat(entry.storeId()).isEqualTo("SecretStore/apps/scdemo@kst-hzz62ee3c8e2b4cd1k9nt.cryptoservice.kms"
                + ".aliyuncs.com");
        assertThat(entry.config().orElseThrow().endpoint())
                .isEqualTo("kst-hzz62ee3c8e2b4cd1k9nt.cryptoservice.kms.aliyuncs.com");
        assertThat(withDefault.withEndpoint(base, "kst-hzz62ee3c8e2b4cd1k9nt.cryptoservice.kms.aliyuncs.com")
                .config().orElseThrow()).as("unchanged: same configuration").isSameAs(entry.config().orElseThrow());
        assertThat(withDefault.withEndpoint(base, " ")).isSameAs(base);

        StoreResolution ssrf = withDefault.withEndpoint(base, "100.100.100.200");
        assertThat(ssrf.ready()).isFalse();
        assertThat(ssrf.reason()).isEqualTo("ClientCreationFailed");
        assertThat(ssrf.message()).startsWith("kmsEndpoint: ");
        assertNoCanary(ssrf);
    }
}
