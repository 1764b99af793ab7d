package dev.secretsync.k8s.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.model.CloudAuth;
import dev.secretsync.k8s.model.KmsProvider;
import dev.secretsync.k8s.model.SecretStore;
import dev.secretsync.k8s.model.SecretStoreSpec;
import dev.secretsync.k8s.model.ServiceAccountRef;
import dev.secretsync.kms.KmsAuth;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TokenRequest API ({@code POST .../serviceaccounts/<name>/token}) is not served by the CRUD
 * mock server (it answers 422: it treats the POST as creating a TokenRequest object), so these
 * tests use the mock server's expectations mode. The client still talks to it over a real socket.
 */
@EnableKubernetesMockClient
class ServiceAccountTokenTest {

    static final String CANARY = "CANARY-7f3a9c";
    static final String ROLE = "acs:ram::1234567890:role/kms-reader";
    static final String PROVIDER = "acs:ram::1234567890:oidc-provider/ack-rrsa-c1234";
    static final String TOKEN_PATH = "/api/v1/namespaces/apps/serviceaccounts/reader/token";

    KubernetesMockServer server;
    KubernetesClient client;
    final List<TokenRequest> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        server.expect().get().withPath("/api/v1/namespaces/apps/serviceaccounts/reader")
                .andReturn(200, new ServiceAccountBuilder().withNewMetadata().withNamespace("apps").withName("reader")
                        .withResourceVersion("7").addToAnnotations(Metadata.ROLE_ARN_ANNOTATION, ROLE).endMetadata()
                        .build())
                .always();
    }

    void expectTokens() {
        server.expect().post().withPath(TOKEN_PATH).andReply(201, request -> {
            TokenRequest asked = client.getKubernetesSerialization().unmarshal(request.getUtf8Body(),
                    TokenRequest.class);
            requests.add(asked);
            return new TokenRequestBuilder(asked).withNewStatus().withToken(CANARY + "-jwt-" + requests.size())
                    .withExpirationTimestamp("2030-01-01T00:00:00Z").endStatus().build();
        }).always();
    }

    static SecretStore store(List<String> audiences) {
        ServiceAccountRef sa = new ServiceAccountRef();
        sa.setName("reader");
        sa.setAudiences(audiences);
        CloudAuth auth = new CloudAuth();
        auth.setOidcProviderARN(PROVIDER);
        auth.setServiceAccountRef(sa);
        KmsProvider kms = new KmsProvider();
        kms.setKmsAuth(auth);
        SecretStoreSpec spec = new SecretStoreSpec();
        spec.setKms(kms);
        SecretStore store = new SecretStore();
        store.setMetadata(new ObjectMetaBuilder().withNamespace("apps").withName("rrsa").withUid("u").build());
        store.setSpec(spec);
        return store;
    }

    @Test
    void tokensComeFromTheTokenRequestApiWithTheDefaultAudience() {
        expectTokens();
        StoreResolver resolver = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou").build();

        StoreResolution r = resolver.resolve(store(null));
        KmsAuth.OidcTokenSupplier auth = (KmsAuth.OidcTokenSupplier) r.config().orElseThrow().auth();

        assertThat(auth.roleArn()).isEqualTo(ROLE);
        assertThat(requests).as("no token is asked before the credential is needed").isEmpty();
        assertThat(auth.tokenSupplier().get()).isEqualTo(CANARY + "-jwt-1");
        assertThat(auth.tokenSupplier().get()).as("a fresh token at each refresh").isEqualTo(CANARY + "-jwt-2");
        assertThat(requests).allSatisfy(t -> {
            assertThat(t.getSpec().getAudiences()).containsExactly("sts.aliyuncs.com");
            assertThat(t.getSpec().getExpirationSeconds()).isEqualTo(3600L);
        });
        assertThat(r.toString()).doesNotContain(CANARY);
        assertThat(auth.toString()).doesNotContain(CANARY);
    }

    @Test
    void audiencesOfTheServiceAccountRefAreAskedFor() {
        expectTokens();
        StoreResolver resolver = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou").build();
        KmsAuth.OidcTokenSupplier auth = (KmsAuth.OidcTokenSupplier) resolver.resolve(store(List.of("custom-aud")))
                .config().orElseThrow().auth();

        auth.tokenSupplier().get();

        assertThat(requests).singleElement().satisfies(t -> assertThat(t.getSpec().getAudiences())
                .containsExactly("custom-aud"));
    }

    @Test
    void anEmptyTokenAnswerFailsWithoutDetails() {
        server.expect().post().withPath(TOKEN_PATH).andReturn(201, new TokenRequestBuilder().withNewStatus()
                .endStatus().build()).always();
        StoreResolver resolver = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou").build();
        KmsAuth.OidcTokenSupplier auth = (KmsAuth.OidcTokenSupplier) resolver.resolve(store(null)).config()
                .orElseThrow().auth();

        assertThatThrownBy(() -> auth.tokenSupplier().get())
                .hasMessage("TokenRequest for ServiceAccount apps/reader returned no token");
    }

    @Test
    void aRefusedTokenRequestFailsWithTheStatusOnly() {
        server.expect().post().withPath(TOKEN_PATH).andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(403).withReason("Forbidden").withMessage("cannot create serviceaccounts/token").build())
                .always();
        StoreResolver resolver = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou").build();
        KmsAuth.OidcTokenSupplier auth = (KmsAuth.OidcTokenSupplier) resolver.resolve(store(null)).config()
                .orElseThrow().auth();

        assertThatThrownBy(() -> auth.tokenSupplier().get())
                .hasMessage("TokenRequest for ServiceAccount apps/reader failed with HTTP 403 Forbidden");
    }
}
