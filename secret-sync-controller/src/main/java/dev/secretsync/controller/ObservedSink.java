package dev.secretsync.controller;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.spi.SecretSink;
import dev.secretsync.core.spi.SinkException;
import dev.secretsync.k8s.sink.SecretCache;
import java.util.Optional;

/** The Secret writer, telling the controller whether each write created or updated its Secret. */
final class ObservedSink implements SecretSink {

    interface WriteListener {
        void written(String target, boolean created);
    }

    private final SecretSink delegate;
    private final SecretCache cache;
    private final WriteListener listener;

    ObservedSink(SecretSink delegate, SecretCache cache, WriteListener listener) {
        this.delegate = delegate;
        this.cache = cache;
        this.listener = listener;
    }

    @Override
    public Optional<String> currentHash(String target) {
        return delegate.currentHash(target);
    }

    @Override
    public void write(String target, DesiredState state) throws SinkException {
        int slash = target.indexOf('/');
        boolean existed = cache.get(target.substring(0, slash), target.substring(slash + 1)).isPresent();
        delegate.write(target, state);
        listener.written(target, !existed);
    }
}
