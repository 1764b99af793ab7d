package dev.secretsync.controller.cli;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run} meeting an API server it cannot use: one line on stderr that names the server, what
 * failed and what to check, exit 1; the stack trace only at {@code --log-level debug}.
 */
class RunFirstContactTest {

    @TempDir
    Path dir;

    KubernetesMockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void anUnreachableServerIsOneLine() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/";
        ControllerOptionsTest.Run run = run(kubeconfig(url));
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("error: cannot reach the Kubernetes API server at " + url
                + ": connection refused; check the cluster address and that it is up (" + ApiServerCheck.WHERE_FROM + ")");

        ControllerOptionsTest.Run debug = run(kubeconfig(url), "--log-level=debug");
        assertThat(debug.err().lines().findFirst()).contains(run.err().strip());
        assertThat(debug.err()).contains("\tat ");
    }

    @Test
    void missingCrdsAndMissingRbacSayWhatToInstall() throws IOException {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1}), 0);
        server.expect().get().withPath("/version")
                .andReturn(200, "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0\"}").always();
        String url = "http://127.0.0.1:" + server.getPort() + "/";

        ControllerOptionsTest.Run noCrds = run(kubeconfig(url)); // anything not expected is a 404
        assertThat(noCrds.code()).isEqualTo(1);
        assertThat(noCrds.err().lines()).singleElement().asString()
                .startsWith("error: the Kubernetes API server at " + url + " does not serve externalsecrets.alibabacloud.com")
                .contains("install the CRDs");

        server.expect().get().withPath("/apis/alibabacloud.com/v1alpha1/namespaces/team/externalsecrets?limit=1")
                .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}").always();
        ControllerOptionsTest.Run noRbac = run(kubeconfig(url), "--watch-namespaces=team");
        assertThat(noRbac.err().lines()).singleElement().asString()
                .contains("does not let this controller list externalsecrets.alibabacloud.com in namespace team (HTTP 403)")
                .contains("ClusterRole");
    }

    @Test
    void anUnusableKubeconfigIsNamed() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "clusters: [unclosed\n");
        ControllerOptionsTest.Run run = run(broken);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().startsWith("error: cannot use the kubeconfig " + broken);
    }

    private ControllerOptionsTest.Run run(Path kubeconfig, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "run";
        args[1] = "--kubeconfig=" + kubeconfig;
        args[2] = "--leader-elect=false";
        args[3] = "--http-port=0";
        System.arraycopy(more, 0, args, 4, more.length);
        return ControllerOptionsTest.Run.of(args);
    }

    private Path kubeconfig(String server) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig.yaml"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster: {server: "%s"}
                contexts:
                - name: test
                  context: {cluster: test, user: test, namespace: default}
                current-context: test
                users:
                - name: test
                  user: {token: test-token}
                """.formatted(server));
    }
}
