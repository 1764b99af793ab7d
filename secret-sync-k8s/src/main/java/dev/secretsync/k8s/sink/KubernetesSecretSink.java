package dev.secretsync.k8s.sink;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.spi.SecretSink;
import dev.secretsync.core.spi.SinkException;
import dev.secretsync.k8s.Metadata;
import dev.secretsync.k8s.OwnWrites;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Writes desired states into Kubernetes Secrets. A target is {@code namespace/name}; how the
 * Secret is held (owner, policies, type, extra metadata) is registered per target with
 * {@link #register}: writing to an unregistered target fails.
 *
 * <p>Reads come from a {@link SecretCache} (an informer), so {@link #currentHash} makes no API call.
 * Writes create the Secret, or update it with the resourceVersion read (optimistic concurrency),
 * re-reading and retrying on a conflict. Ownership rules:
 * <ul>
 *   <li>Owner / Orphan: the Secret carries the label {@link Metadata#MANAGED_BY_LABEL} and the
 *   annotation {@link Metadata#OWNER_ANNOTATION}; Owner also adds an owner reference. Its data is
 *   exactly the desired data; labels and annotations of others are kept.</li>
 *   <li>A Secret that secret-sync does not manage, or that another ExternalSecret manages, is never
 *   taken over: the write fails with a message naming the Secret and the reason.</li>
 *   <li>Merge: writes its keys into an existing Secret and keeps the rest; the keys it wrote are
 *   remembered in {@link Metadata#MERGED_KEYS_ANNOTATION} so that keys it no longer wants are removed.</li>
 *   <li>Keys the desired state {@linkplain DesiredState#holds holds} (their secret is not available)
 *   keep the value the Secret has.</li>
 * </ul>
 * Messages never contain secret data.
 */
public final class KubernetesSecretSink implements SecretSink {

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DATA_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    /** The API server refuses larger Secrets; checked here for a clear message. */
    static final long MAX_SECRET_BYTES = 1024 * 1024;
    static final int DEFAULT_MAX_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final SecretCache cache;
    private final int maxAttempts;
    private final WriteListener listener;
    private final Map<String, TargetOptions> targets = new ConcurrentHashMap<>();
    /** What this sink wrote last, until the cache has caught up with it (or the grace has passed). */
    private final OwnWrites<Secret> written;
    /** A digest of the data secret-sync holds in each target, at a resourceVersion: detects edits by others. */
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    private record Seen(String resourceVersion, String digest) {
    }

    private KubernetesSecretSink(Builder b) {
        this.client = b.client;
        this.cache = b.cache;
        this.maxAttempts = b.maxAttempts;
        this.written = new OwnWrites<>(b.clock, b.cacheGrace);
        this.listener = b.listener;
    }

    /** Told of every Secret the sink created or changed through the API (not of writes that changed nothing). */
    @FunctionalInterface
    public interface WriteListener {
        void written(String target, boolean created);
    }

    public static Builder builder(KubernetesClient client, SecretCache cache) {
        return new Builder(client, cache);
    }

    /** Sets (or replaces) how {@code target} ({@code namespace/name}) is held. */
    public void register(String target, TargetOptions options) {
        TargetRef.parse(target);
        targets.put(target, Objects.requireNonNull(options, "options"));
    }

    /** Forgets {@code target}'s options; the Secret is left as it is. */
    public void unregister(String target) {
        targets.remove(target);
        written.forget(target);
        seen.remove(target);
    }

    public Optional<TargetOptions> options(String target) {
        return Optional.ofNullable(targets.get(target));
    }

    @Override
    public Optional<String> currentHash(String target) {
        TargetOptions options = targets.get(target);
        if (options == null) {
            return Optional.empty();
        }
        TargetRef ref = TargetRef.parse(target);
        Secret live = cached(target, ref);
        if (live == null) {
            return Optional.empty();
        }
        Map<String, String> annotations = annotations(live);
        boolean ours = options.creationPolicy() == CreationPolicy.MERGE
                ? options.owner().key().equals(annotations.get(Metadata.MERGED_BY_ANNOTATION))
                : isManagedBy(live, options.owner()) && conforms(live, options);
        String hash = annotations.get(Metadata.CONTENT_HASH_ANNOTATION);
        if (!ours || hash == null || editedByOthers(target, live, options)) {
            return Optional.empty();
        }
        return Optional.of(hash);
    }

    /**
     * Whether the data secret-sync holds in {@code live} changed since this sink wrote or first saw
     * it (someone edited the Secret): then the hash annotation no longer describes it. Computed only
     * when the resourceVersion changed.
     */
    private boolean editedByOthers(String target, Secret live, TargetOptions options) {
        String version = live.getMetadata().getResourceVersion();
        Seen before = seen.get(target);
        if (before != null && Objects.equals(before.resourceVersion(), version)) {
            return false;
        }
        String digest = SecretPlan.digest(live, options);
        if (before != null && !before.digest().equals(digest)) {
            return true;
        }
        seen.put(target, new Seen(version, digest));
        return false;
    }

    @Override
    public void write(String target, DesiredState state) throws SinkException {
        Objects.requireNonNull(state, "state");
        TargetRef ref = parseTarget(target);
        TargetOptions options = targets.get(target);
        if (options == null) {
            throw new SinkException("Secret " + target + ": no target options registered with the sink", false);
        }
        checkData(target, state);
        Secret live = cached(target, ref);
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Secret next = SecretPlan.plan(ref, options, state, live);
            if (next == null) {
                return;
            }
            boolean create = live == null;
            try {
                Secret result = create
                        ? client.secrets().inNamespace(ref.namespace()).resource(next).create()
                        : client.secrets().inNamespace(ref.namespace()).resource(next).update();
                written.wrote(target, result, create);
                seen.put(target, new Seen(result.getMetadata().getResourceVersion(), SecretPlan.digest(result, options)));
                notifyWritten(target, create);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 || e.getCode() == 404) {
                    // Someone else changed (or removed, or created) it since we read it: read again.
                    written.forget(target);
                    try {
                        live = client.secrets().inNamespace(ref.namespace()).withName(ref.name()).get();
                    } catch (KubernetesClientException readFailure) {
                        throw failure(target, "read", readFailure);
                    }
                    continue;
                }
                throw failure(target, live == null ? "create" : "update", e);
            }
        }
        throw new SinkException("Secret " + target + ": still conflicting after " + maxAttempts
                + " attempts (someone else keeps changing it)", true);
    }

    private void notifyWritten(String target, boolean created) {
        try {
            listener.written(target, created);
        } catch (RuntimeException e) {
            // The write happened: a listener's failure must not make it look failed.
            System.getLogger(KubernetesSecretSink.class.getName()).log(System.Logger.Level.WARNING,
                    "write listener failed for Secret " + target + ": " + e.getClass().getName());
        }
    }

    /**
     * Applies the deletion policy of {@code target} (call it when its ExternalSecret is deleted),
     * then unregisters it. Retain: the owner reference is removed, so garbage collection keeps the
     * Secret. Delete: the Secret is deleted if this owner manages it; with Merge only the keys it
     * wrote are removed. A Secret this owner does not hold is left alone.
     */
    public void release(String target) throws SinkException {
        TargetRef ref = parseTarget(target);
        TargetOptions options = targets.get(target);
        if (options == null) {
            return;
        }
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Secret live;
            try {
                live = client.secrets().inNamespace(ref.namespace()).withName(ref.name()).get();
            } catch (KubernetesClientException e) {
                throw failure(target, "read", e);
            }
            if (live == null) {
                break;
            }
            try {
                if (options.creationPolicy() == CreationPolicy.MERGE) {
                    Secret next = SecretPlan.unmerge(live, options);
                    if (next != null) {
                        client.secrets().inNamespace(ref.namespace()).resource(next).update();
                    }
                } else if (isManagedBy(live, options.owner())) {
                    if (options.deletionPolicy() == DeletionPolicy.DELETE) {
                        client.secrets().inNamespace(ref.namespace()).resource(live).delete();
                    } else {
                        Secret next = SecretPlan.withoutOwnerReference(live, options.owner());
                        if (next != null) {
                            client.secrets().inNamespace(ref.namespace()).resource(next).update();
                        }
                    }
                }
                break;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && attempt < maxAttempts) {
                    continue;
                }
                throw failure(target, "release", e);
            }
        }
        unregister(target);
    }

    private static void checkData(String target, DesiredState state) throws SinkException {
        for (String key : state.keys()) {
            if (key.length() > 253 || !DATA_KEY.matcher(key).matches()) {
                throw new SinkException("Secret " + target + ": key '" + key + "' is not a valid Secret key "
                        + "(letters, digits, '-', '_', '.'; at most 253 characters)", false);
            }
        }
        if (state.size() > MAX_SECRET_BYTES) {
            throw new SinkException("Secret " + target + ": data of " + state.size() + " bytes exceeds the 1 MiB "
                    + "a Secret can hold", false);
        }
    }

    /** The Secret as the cache has it, or what this sink wrote if the cache has not caught up yet ({@link OwnWrites}). */
    private Secret cached(String target, TargetRef ref) {
        return written.newest(target, cache.get(ref.namespace(), ref.name()).orElse(null));
    }

    static boolean isManagedBy(Secret secret, Owner owner) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        return labels != null && Metadata.MANAGED_BY_VALUE.equals(labels.get(Metadata.MANAGED_BY_LABEL))
                && owner.key().equals(annotations(secret).get(Metadata.OWNER_ANNOTATION));
    }

    /** Whether the live Secret still matches options that the content hash does not cover. */
    private static boolean conforms(Secret live, TargetOptions options) {
        List<OwnerReference> refs = live.getMetadata().getOwnerReferences();
        boolean hasRef = refs != null && refs.stream().anyMatch(r -> options.owner().matches(r)
                && Objects.equals(r.getUid(), options.owner().uid()));
        if (hasRef != (options.creationPolicy() == CreationPolicy.OWNER)) {
            return false;
        }
        Map<String, String> labels = live.getMetadata().getLabels();
        Map<String, String> annotations = annotations(live);
        return options.labels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
                && options.annotations().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(annotations.get(e.getKey())))
                && (options.type() == null || options.type().equals(live.getType()));
    }

    static Map<String, String> annotations(Secret secret) {
        Map<String, String> a = secret.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    private static TargetRef parseTarget(String target) throws SinkException {
        try {
            return TargetRef.parse(target);
        } catch (IllegalArgumentException e) {
            throw new SinkException(e.getMessage(), false);
        }
    }

    /** A failed API call, described by its status (the cause is not attached: it may quote the request). */
    private static SinkException failure(String target, String action, KubernetesClientException e) {
        int code = e.getCode();
        String reason = e.getStatus() != null && e.getStatus().getReason() != null ? e.getStatus().getReason() : "";
        boolean retryable = code == 0 || code == 429 || code >= 500;
        return new SinkException("Secret " + target + ": " + action + " failed"
                + (code > 0 ? " with HTTP " + code : " (no response)") + (reason.isEmpty() ? "" : " " + reason),
                retryable);
    }

    /** {@code namespace/name} of a Secret. */
    record TargetRef(String namespace, String name) {
        static TargetRef parse(String target) {
            if (target == null) {
                throw new IllegalArgumentException("Secret target must be namespace/name, got null");
            }
            int slash = target.indexOf('/');
            if (slash < 0 || slash != target.lastIndexOf('/')) {
                throw new IllegalArgumentException("Secret target must be namespace/name, got '" + target + "'");
            }
            String namespace = target.substring(0, slash);
            String name = target.substring(slash + 1);
            if (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
                throw new IllegalArgumentException("Secret target '" + target + "': invalid namespace");
            }
            if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
                throw new IllegalArgumentException("Secret target '" + target + "': invalid Secret name");
            }
            return new TargetRef(namespace, name);
        }
    }

    /** Builds a {@link KubernetesSecretSink}. */
    public static final class Builder {
        private final KubernetesClient client;
        private final SecretCache cache;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Clock clock = Clock.systemUTC();
        private Duration cacheGrace = Duration.ofSeconds(30);
        private WriteListener listener = (target, created) -> { };

        private Builder(KubernetesClient client, SecretCache cache) {
            this.client = Objects.requireNonNull(client, "client");
            this.cache = Objects.requireNonNull(cache, "cache");
        }

        /** Attempts of one write when the Secret keeps changing under it (default 5). */
        public Builder maxAttempts(int value) {
            if (value < 1 || value > 100) {
                throw new IllegalArgumentException("maxAttempts must be 1..100, got " + value);
            }
            this.maxAttempts = value;
            return this;
        }

        /**
         * How long what the sink wrote stands in for the cache's older copy (or missing one) before
         * the cache is believed again (default 30 s).
         */
        public Builder cacheGrace(Duration value) {
            Objects.requireNonNull(value, "cacheGrace");
            if (value.isNegative() || value.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("cacheGrace must be 0..10m, got " + value);
            }
            this.cacheGrace = value;
            return this;
        }

        /** Told after each create or update the API accepted (for events); must not block. */
        public Builder listener(WriteListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public KubernetesSecretSink build() {
            return new KubernetesSecretSink(this);
        }
    }

    /** Builds the Secret to write from what is there and what is wanted. */
    static final class SecretPlan {
        private SecretPlan() {
        }

        /** The Secret to create or update, or {@code null} when {@code live} already holds it. */
        static Secret plan(TargetRef ref, TargetOptions options, DesiredState state, Secret live)
                throws SinkException {
            String target = ref.namespace() + "/" + ref.name();
            Owner owner = options.owner();
            Map<String, String> desired = encode(state);
            Map<String, String> extraLabels = new TreeMap<>(options.labels());
            Map<String, String> extraAnnotations = new TreeMap<>(options.annotations());
            String type = options.type();
            for (var e : state.attributes().entrySet()) {
                String key = e.getKey();
                if (key.equals(SecretAttributes.TYPE)) {
                    type = e.getValue();
                } else if (key.startsWith(SecretAttributes.LABEL_PREFIX)) {
                    extraLabels.put(key.substring(SecretAttributes.LABEL_PREFIX.length()), e.getValue());
                } else if (key.startsWith(SecretAttributes.ANNOTATION_PREFIX)) {
                    extraAnnotations.put(key.substring(SecretAttributes.ANNOTATION_PREFIX.length()), e.getValue());
                }
            }
            if (type == null || type.isBlank()) {
                type = TargetOptions.DEFAULT_TYPE;
            }
            extraLabels.keySet().removeIf(k -> k.startsWith(Metadata.RESERVED_PREFIX));
            extraAnnotations.keySet().removeIf(k -> k.startsWith(Metadata.RESERVED_PREFIX));

            if (options.creationPolicy() == CreationPolicy.MERGE) {
                return planMerge(target, owner, state, desired, extraLabels, extraAnnotations, live);
            }
            if (live == null) {
                ObjectMeta meta = new ObjectMeta();
                meta.setNamespace(ref.namespace());
                meta.setName(ref.name());
                Map<String, String> labels = new TreeMap<>(extraLabels);
                labels.put(Metadata.MANAGED_BY_LABEL, Metadata.MANAGED_BY_VALUE);
                Map<String, String> annotations = new TreeMap<>(extraAnnotations);
                annotations.put(Metadata.OWNER_ANNOTATION, owner.key());
                annotations.put(Metadata.CONTENT_HASH_ANNOTATION, state.hash());
                track(annotations, extraLabels, extraAnnotations);
                meta.setLabels(labels);
                meta.setAnnotations(annotations);
                if (options.creationPolicy() == CreationPolicy.OWNER) {
                    meta.setOwnerReferences(List.of(owner.reference()));
                }
                return new SecretBuilder().withMetadata(meta).withType(type).withData(desired).build();
            }

            Map<String, String> liveLabels = live.getMetadata().getLabels();
            if (liveLabels == null || !Metadata.MANAGED_BY_VALUE.equals(liveLabels.get(Metadata.MANAGED_BY_LABEL))) {
                throw new SinkException("Secret " + target + " already exists and is not managed by secret-sync: "
                        + owner.key() + " does not take it over (use creationPolicy Merge to add keys to it, or "
                        + "delete it)", false);
            }
            String liveOwner = annotations(live).get(Metadata.OWNER_ANNOTATION);
            if (!owner.key().equals(liveOwner)) {
                throw new SinkException("Secret " + target + " is managed by " + (liveOwner == null ? "an unknown owner"
                        : liveOwner) + ": " + owner.key() + " never takes over another owner's Secret", false);
            }
            String liveType = live.getType() == null ? TargetOptions.DEFAULT_TYPE : live.getType();
            if (!liveType.equals(type)) {
                throw new SinkException("Secret " + target + " has type " + liveType + " but " + type
                        + " is wanted: a Secret's type cannot change, delete the Secret to re-create it", false);
            }
            Secret next = copy(live);
            ObjectMeta meta = next.getMetadata();
            Map<String, String> labels = withOwn(meta.getLabels(), extraLabels, live, Metadata.OWN_LABELS_ANNOTATION);
            labels.put(Metadata.MANAGED_BY_LABEL, Metadata.MANAGED_BY_VALUE);
            Map<String, String> annotations = withOwn(meta.getAnnotations(), extraAnnotations, live,
                    Metadata.OWN_ANNOTATIONS_ANNOTATION);
            annotations.put(Metadata.OWNER_ANNOTATION, owner.key());
            annotations.put(Metadata.CONTENT_HASH_ANNOTATION, state.hash());
            track(annotations, extraLabels, extraAnnotations);
            meta.setLabels(labels);
            meta.setAnnotations(annotations);
            List<OwnerReference> refs = new ArrayList<>(orEmpty(meta.getOwnerReferences()));
            refs.removeIf(owner::matches);
            if (options.creationPolicy() == CreationPolicy.OWNER) {
                refs.add(owner.reference());
            }
            meta.setOwnerReferences(refs.isEmpty() ? null : refs);
            Map<String, String> data = new TreeMap<>(desired);
            orEmpty(live.getData()).forEach((key, value) -> {
                if (state.holds(key)) {
                    data.put(key, value); // its reference is not available: keep what the Secret has
                }
            });
            next.setData(data);
            next.setStringData(null);
            return sameAs(live, next) ? null : next;
        }

        private static Secret planMerge(String target, Owner owner, DesiredState state, Map<String, String> desired,
                                        Map<String, String> extraLabels, Map<String, String> extraAnnotations,
                                        Secret live) throws SinkException {
            if (live == null) {
                throw new SinkException("Secret " + target + " does not exist: creationPolicy Merge of "
                        + owner.key() + " writes into an existing Secret only", false);
            }
            Map<String, String> liveAnnotations = annotations(live);
            String merger = liveAnnotations.get(Metadata.MERGED_BY_ANNOTATION);
            if (merger != null && !merger.equals(owner.key())) {
                throw new SinkException("Secret " + target + " already has keys merged in by " + merger + ": "
                        + owner.key() + " does not merge into it too", false);
            }
            String manager = liveAnnotations.get(Metadata.OWNER_ANNOTATION);
            Map<String, String> liveLabels = orEmpty(live.getMetadata().getLabels());
            if (Metadata.MANAGED_BY_VALUE.equals(liveLabels.get(Metadata.MANAGED_BY_LABEL))
                    && manager != null && !manager.equals(owner.key())) {
                throw new SinkException("Secret " + target + " is managed by " + manager + ": " + owner.key()
                        + " does not merge into another owner's Secret (it would be overwritten)", false);
            }
            Secret next = copy(live);
            ObjectMeta meta = next.getMetadata();
            Map<String, String> data = new TreeMap<>(orEmpty(live.getData()));
            Set<String> merged = new TreeSet<>(state.keys());
            for (String key : mergedKeys(live)) {
                if (state.holds(key) && data.containsKey(key)) {
                    merged.add(key); // held: stays, and stays ours
                } else {
                    data.remove(key);
                }
            }
            data.putAll(desired);
            Map<String, String> labels = withOwn(meta.getLabels(), extraLabels, live, Metadata.OWN_LABELS_ANNOTATION);
            Map<String, String> annotations = withOwn(meta.getAnnotations(), extraAnnotations, live,
                    Metadata.OWN_ANNOTATIONS_ANNOTATION);
            track(annotations, extraLabels, extraAnnotations);
            annotations.put(Metadata.MERGED_BY_ANNOTATION, owner.key());
            annotations.put(Metadata.MERGED_KEYS_ANNOTATION, String.join(",", merged));
            annotations.put(Metadata.CONTENT_HASH_ANNOTATION, state.hash());
            meta.setLabels(labels.isEmpty() ? null : labels);
            meta.setAnnotations(annotations);
            next.setData(data);
            next.setStringData(null);
            return sameAs(live, next) ? null : next;
        }

        /** Live without the keys and marks this owner merged into it, or {@code null} if it has none. */
        static Secret unmerge(Secret live, TargetOptions options) {
            if (!options.owner().key().equals(annotations(live).get(Metadata.MERGED_BY_ANNOTATION))) {
                return null;
            }
            Secret next = copy(live);
            Map<String, String> annotations = new TreeMap<>(annotations(live));
            annotations.remove(Metadata.MERGED_BY_ANNOTATION);
            annotations.remove(Metadata.MERGED_KEYS_ANNOTATION);
            annotations.remove(Metadata.CONTENT_HASH_ANNOTATION);
            annotations.remove(Metadata.OWN_LABELS_ANNOTATION);
            annotations.remove(Metadata.OWN_ANNOTATIONS_ANNOTATION);
            if (options.deletionPolicy() == DeletionPolicy.DELETE) {
                Map<String, String> data = new TreeMap<>(orEmpty(live.getData()));
                mergedKeys(live).forEach(data::remove);
                next.setData(data);
                Map<String, String> labels = new TreeMap<>(orEmpty(live.getMetadata().getLabels()));
                keyList(annotations(live).get(Metadata.OWN_LABELS_ANNOTATION)).forEach(labels::remove);
                next.getMetadata().setLabels(labels.isEmpty() ? null : labels);
                keyList(annotations(live).get(Metadata.OWN_ANNOTATIONS_ANNOTATION)).forEach(annotations::remove);
            }
            next.getMetadata().setAnnotations(annotations);
            return next;
        }

        /** Live without this owner's owner reference, or {@code null} if it has none. */
        static Secret withoutOwnerReference(Secret live, Owner owner) {
            List<OwnerReference> refs = new ArrayList<>(orEmpty(live.getMetadata().getOwnerReferences()));
            if (!refs.removeIf(owner::matches)) {
                return null;
            }
            Secret next = copy(live);
            next.getMetadata().setOwnerReferences(refs.isEmpty() ? null : refs);
            return next;
        }

        /** {@code current} without the keys secret-sync set before and no longer wants, plus {@code own}. */
        private static Map<String, String> withOwn(Map<String, String> current, Map<String, String> own, Secret live,
                                                   String trackingAnnotation) {
            Map<String, String> result = new TreeMap<>(orEmpty(current));
            for (String previous : keyList(annotations(live).get(trackingAnnotation))) {
                if (!own.containsKey(previous)) {
                    result.remove(previous);
                }
            }
            result.putAll(own);
            return result;
        }

        /** Records which labels and annotations are secret-sync's, so they can be removed later. */
        private static void track(Map<String, String> annotations, Map<String, String> labels,
                                  Map<String, String> own) {
            putOrRemove(annotations, Metadata.OWN_LABELS_ANNOTATION, String.join(",", labels.keySet()));
            putOrRemove(annotations, Metadata.OWN_ANNOTATIONS_ANNOTATION, String.join(",", own.keySet()));
        }

        private static void putOrRemove(Map<String, String> map, String key, String value) {
            if (value.isEmpty()) {
                map.remove(key);
            } else {
                map.put(key, value);
            }
        }

        private static Set<String> mergedKeys(Secret live) {
            return keyList(annotations(live).get(Metadata.MERGED_KEYS_ANNOTATION));
        }

        private static Set<String> keyList(String keys) {
            Set<String> result = new LinkedHashSet<>();
            if (keys != null) {
                for (String k : keys.split(",")) {
                    if (!k.isBlank()) {
                        result.add(k.trim());
                    }
                }
            }
            return result;
        }

        /** SHA-256 over the entries secret-sync holds (all of them, or with Merge its own keys). */
        static String digest(Secret secret, TargetOptions options) {
            Map<String, String> data = new TreeMap<>(orEmpty(secret.getData()));
            if (options.creationPolicy() == CreationPolicy.MERGE) {
                data.keySet().retainAll(mergedKeys(secret));
            }
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                data.forEach((k, v) -> {
                    md.update(k.getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    md.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                });
                return HexFormat.of().formatHex(md.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
        }

        private static Map<String, String> encode(DesiredState state) {
            Map<String, String> data = new TreeMap<>();
            Base64.Encoder encoder = Base64.getEncoder();
            state.data().forEach((k, v) -> data.put(k, encoder.encodeToString(v)));
            return data;
        }

        private static Secret copy(Secret live) {
            // A deep copy: the original may belong to the informer's store.
            return new SecretBuilder(live).build();
        }

        private static boolean sameAs(Secret live, Secret next) {
            return Objects.equals(orEmpty(live.getData()), orEmpty(next.getData()))
                    && Objects.equals(orEmpty(live.getMetadata().getLabels()), orEmpty(next.getMetadata().getLabels()))
                    && Objects.equals(orEmpty(live.getMetadata().getAnnotations()),
                            orEmpty(next.getMetadata().getAnnotations()))
                    && Objects.equals(orEmpty(live.getMetadata().getOwnerReferences()),
                            orEmpty(next.getMetadata().getOwnerReferences()))
                    && Objects.equals(live.getType(), next.getType())
                    && orEmpty(live.getStringData()).isEmpty();
        }

        private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
            return map == null ? Map.of() : map;
        }

        private static <T> List<T> orEmpty(List<T> list) {
            return list == null ? List.of() : list;
        }
    }
}
