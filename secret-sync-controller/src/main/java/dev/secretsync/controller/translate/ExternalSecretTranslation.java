package dev.secretsync.controller.translate;

import dev.secretsync.core.SourceRef;
import dev.secretsync.transform.MappingTransform;
import dev.secretsync.transform.SecretMapping;
import dev.secretsync.k8s.model.RolloutRestartTarget;
import dev.secretsync.k8s.sink.TargetOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one ExternalSecret asks for, in engine terms. Produced by {@link ExternalSecretTranslator}.
 *
 * @param target          the Secret, {@code namespace/name}
 * @param mapping         data, dataProcess and template as the core transform model
 * @param transform       the compiled mapping
 * @param refs            every distinct reference to fetch, in order of first use
 * @param storeIds        the stores named by the resource (without endpoint variants), for
 *                        permission checks and store readiness
 * @param endpointStores  stores derived for {@code data[].kmsEndpoint}: derived id to (store, endpoint)
 * @param refreshInterval the refresh interval; empty when the resource is not polled
 * @param targetOptions   how the writer holds the Secret
 * @param refreshPolicy   {@code Periodic}, {@code CreatedOnce} or {@code OnChange}
 * @param rolloutRestart  workloads to restart after the Secret's content changed
 */
public record ExternalSecretTranslation(
        String target,
        SecretMapping mapping,
        MappingTransform transform,
        List<SourceRef> refs,
        Set<String> storeIds,
        Map<String, EndpointStore> endpointStores,
        Optional<Duration> refreshInterval,
        TargetOptions targetOptions,
        String refreshPolicy,
        List<RolloutRestartTarget> rolloutRestart) {

    /** A store reached at another endpoint ({@code data[].kmsEndpoint}): registered under its own id. */
    public record EndpointStore(String baseStoreId, String endpoint) {
    }

    public ExternalSecretTranslation {
        refs = List.copyOf(refs);
        storeIds = Set.copyOf(storeIds);
        endpointStores = Map.copyOf(endpointStores);
        rolloutRestart = List.copyOf(rolloutRestart);
    }
}
