package dev.secretsync.controller.reconcile;

import dev.secretsync.core.spi.SecretSink;
import dev.secretsync.core.spi.SinkException;
import dev.secretsync.k8s.sink.KubernetesSecretSink;
import dev.secretsync.k8s.sink.TargetOptions;

/**
 * The Secrets the ExternalSecret reconciler writes through the engine: the sink, and how each target
 * is held. {@link #of} wraps the {@link KubernetesSecretSink}; tests use a stand-in.
 */
public interface SecretTargets {

    /** The sink the engine's bindings write to. */
    SecretSink sink();

    /** Sets (or replaces) how {@code target} is held. */
    void register(String target, TargetOptions options);

    /** Forgets {@code target}; the Secret is left as it is. */
    void unregister(String target);

    /** Applies {@code target}'s deletion policy (its ExternalSecret is being deleted), then forgets it. */
    void release(String target) throws SinkException;

    static SecretTargets of(KubernetesSecretSink sink) {
        return new SecretTargets() {
            @Override
            public SecretSink sink() {
                return sink;
            }

            @Override
            public void register(String target, TargetOptions options) {
                sink.register(target, options);
            }

            @Override
            public void unregister(String target) {
                sink.unregister(target);
            }

            @Override
            public void release(String target) throws SinkException {
                sink.release(target);
            }
        };
    }
}
