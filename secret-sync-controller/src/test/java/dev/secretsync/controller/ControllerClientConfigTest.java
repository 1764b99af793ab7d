package dev.secretsync.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/**
 * The controller's client makes one request per attempt: a 500 reaches the controller (which
 * retries with its own bounds) instead of being retried inside the HTTP client for about 20 s.
 */
@EnableKubernetesMockClient
class ControllerClientConfigTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    static final Secret SECRET = new SecretBuilder().withNewMetadata().withNamespace("ns").withName("s")
            .withResourceVersion("1").endMetadata().build();

    @Test
    void fabric8RetriesA500ByDefault() {
        server.expect().put().withPath("/api/v1/namespaces/ns/secrets/s").andReturn(500, "").once();
        server.expect().put().withPath("/api/v1/namespaces/ns/secrets/s").andReturn(200, SECRET).once();
        int before = server.getRequestCount();

        client.secrets().inNamespace("ns").resource(SECRET).update();

        assertThat(server.getRequestCount() - before).as("the hidden retry").isEqualTo(2);
    }

    @Test
    void theControllersClientDoesNotRetryBehindItsBack() {
        server.expect().put().withPath("/api/v1/namespaces/ns/secrets/s").andReturn(500, "").once();
        int before = server.getRequestCount();
        try (KubernetesClient controllers = new KubernetesClientBuilder()
                .withConfig(Controller.clientConfig(client.getConfiguration())).build()) {

            assertThatThrownBy(() -> controllers.secrets().inNamespace("ns").resource(SECRET).update())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(500));
        }
        assertThat(server.getRequestCount() - before).isEqualTo(1);
        assertThat(client.getConfiguration().getRequestRetryBackoffLimit()).as("the original is left alone")
                .isPositive();
    }
}
