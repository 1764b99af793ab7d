package dev.secretsync.controller.cli;

import dev.secretsync.k8s.model.ClusterExternalSecret;
import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.SecretStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * The in-process Kubernetes API stand-in of {@code render} and {@code local}: fabric8's mock API
 * server in CRUD mode on 127.0.0.1. Only those two commands load this class; {@code run} never does.
 */
final class StandIns {

    private StandIns() {
    }

    interface ApiServer extends AutoCloseable {
        KubernetesClient client();

        /** The server's URL, for a kubeconfig. */
        String url();

        @Override
        void close();
    }

    static ApiServer apiServer() {
        List<CustomResourceDefinitionContext> crds = List.of(
                CustomResourceDefinitionContext.fromCustomResourceType(ExternalSecret.class),
                CustomResourceDefinitionContext.fromCustomResourceType(SecretStore.class),
                CustomResourceDefinitionContext.fromCustomResourceType(ClusterSecretStore.class),
                CustomResourceDefinitionContext.fromCustomResourceType(ClusterExternalSecret.class));
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(crds), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        // The mock names 127.0.0.1 "localhost"; the client and the demo's output use the address it listens on.
        String url = "http://127.0.0.1:" + server.getPort() + "/";
        KubernetesClient client = server.createClient(builder -> builder.editOrNewConfig().withMasterUrl(url).endConfig());
        return new ApiServer() {
            @Override
            public KubernetesClient client() {
                return client;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public void close() {
                client.close();
                server.destroy();
            }
        };
    }
}
