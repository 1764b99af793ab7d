package dev.secretsync.k8s.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.spi.SinkException;
import dev.secretsync.k8s.Metadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** API failures the CRUD mock server cannot produce on demand: scripted answers (expectations mode). */
@EnableKubernetesMockClient
class SinkFailuresTest {

    static final String CANARY = "CANARY-7f3a9c";
    static final String PATH = "/api/v1/namespaces/apps/secrets/db";

    KubernetesMockServer server;
    KubernetesClient client;
    final Owner owner = new Owner("alibabacloud.com/v1alpha1", "ExternalSecret", "apps", "db", "uid-1");

    Secret managed() {
        return new SecretBuilder().withNewMetadata().withNamespace("apps").withName("db").withResourceVersion("1")
                .addToLabels(Metadata.MANAGED_BY_LABEL, Metadata.MANAGED_BY_VALUE)
                .addToAnnotations(Metadata.OWNER_ANNOTATION, owner.key()).endMetadata().withType("Opaque")
                .addToData("a", "MQ==").build();
    }

    KubernetesSecretSink sink(int attempts) {
        return sink(client, attempts);
    }

    KubernetesSecretSink sink(KubernetesClient client, int attempts) {
        Secret live = managed();
        KubernetesSecretSink sink = KubernetesSecretSink.builder(client, (ns, n) -> Optional.of(live))
                .maxAttempts(attempts).build();
        sink.register("apps/db", TargetOptions.builder(owner).build());
        return sink;
    }

    static Object status(int code, String reason) {
        return new StatusBuilder().withCode(code).withReason(reason).withMessage("request quoted " + CANARY).build();
    }

    @Test
    void givesUpAfterMaxAttemptsOfConflictsAsRetryable() {
        server.expect().put().withPath(PATH).andReturn(409, status(409, "Conflict")).always();
        server.expect().get().withPath(PATH).andReturn(200, managed()).always();

        assertThatThrownBy(() -> sink(3).write("apps/db", DesiredState.ofText(Map.of("a", CANARY))))
                .isInstanceOfSatisfying(SinkException.class, e -> {
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("Secret apps/db: still conflicting after 3 attempts "
                            + "(someone else keeps changing it)");
                });
        assertThat(server.getRequestCount()).as("3 PUTs and 3 fresh GETs").isEqualTo(6);
    }

    @Test
    void serverErrorsAreRetryableAndForbiddenIsNot() {
        server.expect().put().withPath(PATH).andReturn(503, status(503, "ServiceUnavailable")).once();
        server.expect().put().withPath(PATH).andReturn(403, status(403, "Forbidden")).once();
        // fabric8 retries 5xx answers itself (requestRetryBackoffLimit); turned off to see the sink's handling.
        KubernetesClient noRetries = server.createClient(b -> b.withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).build()));
        KubernetesSecretSink sink = sink(noRetries, 3);
        DesiredState state = DesiredState.ofText(Map.of("a", CANARY));

        assertThatThrownBy(() -> sink.write("apps/db", state)).isInstanceOfSatisfying(SinkException.class, e -> {
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.getMessage()).isEqualTo("Secret apps/db: update failed with HTTP 503 ServiceUnavailable");
            assertThat(e.getCause()).isNull();
        });
        assertThatThrownBy(() -> sink.write("apps/db", state)).isInstanceOfSatisfying(SinkException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("HTTP 403").doesNotContain(CANARY);
        });
    }
}
