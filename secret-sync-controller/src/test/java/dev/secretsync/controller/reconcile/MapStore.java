package dev.secretsync.controller.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** An informer cache stand-in: objects by {@code namespace/name} (or {@code name}). */
final class MapStore<T extends HasMetadata> implements Store<T> {

    private final Map<String, T> objects = new ConcurrentSkipListMap<>();

    MapStore<T> put(T object) {
        objects.put(getKey(object), object);
        return this;
    }

    void remove(String key) {
        objects.remove(key);
    }

    @Override
    public List<T> list() {
        return List.copyOf(objects.values());
    }

    @Override
    public List<String> listKeys() {
        return List.copyOf(objects.keySet());
    }

    @Override
    public T get(T object) {
        return objects.get(getKey(object));
    }

    @Override
    public T getByKey(String key) {
        return objects.get(key);
    }

    @Override
    public String getKey(T object) {
        String ns = object.getMetadata().getNamespace();
        return ns == null ? object.getMetadata().getName() : ns + "/" + object.getMetadata().getName();
    }
}
