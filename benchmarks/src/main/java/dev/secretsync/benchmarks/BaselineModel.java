package dev.secretsync.benchmarks;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.teaopenapi.models.Config;
import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A MODEL of the per-resource approach (ack-secret-manager, External Secrets Operator), not their
 * code: one reconcile worker goes through the resources; for each it fetches every data entry on its
 * own behind one token bucket (ack-secret-manager's default 10 pulls/s, burst 1), reads the Secret
 * from the API without a cache, and writes it only if it differs. It runs one cycle over a sample of
 * the bindings on the same emulator and API stand-in; the figures for all bindings are extrapolated
 * from it (linear: the bucket, not the work, sets the pace).
 */
final class BaselineModel {

    private final ScaleWorld world;
    private final KmsEmulator kms;
    private final ScaleCluster cluster;
    private final double pullsPerSecond;
    private final ScaleCommand.Progress progress;

    BaselineModel(ScaleWorld world, KmsEmulator kms, ScaleCluster cluster, double pullsPerSecond,
                  ScaleCommand.Progress progress) {
        this.world = world;
        this.kms = kms;
        this.cluster = cluster;
        this.pullsPerSecond = pullsPerSecond;
        this.progress = progress;
    }

    void measure(int sample, Duration interval, Map<String, Object> f) throws Exception {
        Client sdk = new Client(new Config().setAccessKeyId(ScaleCommand.ACCESS_KEY_ID)
                .setAccessKeySecret(ScaleCommand.ACCESS_KEY_SECRET).setRegionId("cn-hangzhou")
                .setProtocol("HTTP").setEndpoint(kms.endpoint()));
        KubernetesClient api = cluster.client();
        long kmsBefore = kms.requestCount("GetSecretValue");
        long requestsBefore = cluster.requests();
        long writesBefore = cluster.writes();
        long permitSpacing = (long) (1e9 / pullsPerSecond);
        long nextPermit = System.nanoTime();
        progress.log("baseline model: one cycle over %d of %d bindings at %.1f pulls/s", sample, world.bindings,
                pullsPerSecond);
        long t0 = System.nanoTime();
        for (int b = 0; b < sample; b++) {
            // One data entry per binding here; an ExternalSecret with k entries would take k permits and k calls.
            long wait = nextPermit - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            nextPermit = Math.max(nextPermit, System.nanoTime() - permitSpacing) + permitSpacing;
            String value = sdk.getSecretValue(new GetSecretValueRequest()
                    .setSecretName(ScaleWorld.secretName(world.secretOf(b)))).getBody().getSecretData();
            Secret secret = api.secrets().inNamespace(ScaleWorld.namespace(b)).withName(ScaleWorld.bindingName(b)).get();
            String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
            if (secret != null && secret.getData() != null && !encoded.equals(secret.getData().get("value"))) {
                secret.getData().put("value", encoded);
                api.secrets().resource(secret).update();
            }
        }
        double cycleS = (System.nanoTime() - t0) / 1e9;
        double scale = (double) world.bindings / sample;
        f.put("baseline_is_model", true);
        f.put("baseline_sample_bindings", sample);
        f.put("baseline_pulls_per_second", pullsPerSecond);
        f.put("baseline_sample_cycle_s", ScaleCommand.round(cycleS));
        // The first sync is one full cycle (creating the Secrets instead of reading them costs the same requests).
        f.put("baseline_first_sync_s", ScaleCommand.round(cycleS * scale));
        f.put("baseline_kms_calls_per_cycle", Math.round((kms.requestCount("GetSecretValue") - kmsBefore) * scale));
        f.put("baseline_idle_k8s_requests_per_cycle", Math.round((cluster.requests() - requestsBefore) * scale));
        f.put("baseline_idle_k8s_writes_per_cycle", Math.round((cluster.writes() - writesBefore) * scale));
        // A rotation waits for the resource's next turn: every interval, or every full cycle when the
        // bucket cannot finish a cycle within the interval.
        double period = Math.max(interval.toMillis() / 1000.0, cycleS * scale);
        f.put("baseline_refresh_period_s", ScaleCommand.round(period));
        f.put("baseline_rotation_p99_ms_model", ScaleCommand.round(period * 0.99 * 1000));
    }
}
