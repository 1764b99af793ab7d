package dev.secretsync.core.spi;

import dev.secretsync.core.DesiredState;
import java.util.Optional;

/**
 * Where secrets go (a Kubernetes Secret, a property source, a listener). The engine writes only
 * when the desired state's hash differs from what the sink reports it holds.
 */
public interface SecretSink {

    /**
     * The content hash of what the sink holds for {@code target} now, or empty when it holds
     * nothing (or nothing it recognises as ours). Called on every sync: keep it cheap (a cache).
     */
    Optional<String> currentHash(String target);

    /**
     * Makes {@code target} hold {@code state}: its entries, and for each key the state
     * {@linkplain DesiredState#holds holds}, the value the target has now (if any).
     */
    void write(String target, DesiredState state) throws SinkException;
}
