package dev.secretsync.benchmarks;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Kubernetes API stand-in for the scale benchmark, in this JVM on 127.0.0.1. Objects are kept per
 * resource type and namespace in concurrent maps, so a request costs the same with 100 or 100,000
 * objects stored (fabric8's CRUD mock scans every stored object on each request, which makes a
 * sync of N bindings cost time quadratic in N).
 *
 * <p>It serves what the controller and fabric8's informers send (found by logging a run's request
 * lines): GET, LIST of one namespace or all, POST (409 AlreadyExists), PUT (409 Conflict on a stale
 * resourceVersion), PATCH with a JSON patch (what fabric8's {@code edit} sends) or a JSON
 * merge patch (the controller's finalizer), DELETE (finalizers
 * honoured), the status subresource of custom resources, and WATCH from a resourceVersion over
 * WebSocket (what fabric8 8 uses) or chunked HTTP. Every write takes one lock, so resourceVersions
 * and watch events are in one order. Not served: label and field selectors (400), strategic merge
 * patches (415), discovery, server-side apply, watch timeouts and bookmarks.
 */
@SuppressWarnings("try") // close() waits for Vert.x, which can be interrupted
final class IndexedApiServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Watch events kept per resource type for watches that start from an older resourceVersion. */
    private static final int HISTORY = 4096;
    private static final int EVENT_LOOPS = 2;

    private final Vertx vertx;
    private final List<HttpServer> servers = new ArrayList<>();
    private final boolean logRequests;
    private final Map<String, Resource> resources = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final Object writeLock = new Object();
    private long resourceVersion; // guarded by writeLock
    private int port;

    private IndexedApiServer(boolean logRequests) {
        this.logRequests = logRequests;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
    }

    /** Starts the server on a free port of 127.0.0.1; {@code logRequests} prints each request line to stderr. */
    static IndexedApiServer start(boolean logRequests) throws Exception {
        IndexedApiServer api = new IndexedApiServer(logRequests);
        try {
            // Servers on one fixed port share its socket across event loops (Vert.x hands connections
            // round robin); port 0 would give each its own port. The free port is picked first, so a
            // race with another process is possible: then try another.
            for (int attempt = 1; ; attempt++) {
                try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    api.port = probe.getLocalPort();
                }
                try {
                    for (int i = 0; i < EVENT_LOOPS; i++) {
                        HttpServer server = api.vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")
                                .setPort(api.port)).requestHandler(api::handle);
                        api.servers.add(server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
                    }
                    return api;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof BindException) || attempt == 5) {
                        throw e;
                    }
                    for (HttpServer server : api.servers) {
                        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                    }
                    api.servers.clear();
                }
            }
        } catch (Exception e) {
            api.close();
            throw e;
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A fabric8 client of this server with its own connections; nothing is read from the user's kubeconfig. */
    KubernetesClient newClient() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace("default")
                .withHttp2Disable(true).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Requests answered, watch requests included. */
    long requests() {
        return requests.sum();
    }

    /** Requests other than GET. */
    long writes() {
        return writes.sum();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    // --- requests

    private record Path(String groupVersion, String plural, String namespace, String name, String subresource) {

        /** {@code /api/v1/...} or {@code /apis/group/version/...}: [namespaces/ns/]plural[/name[/subresource]]. */
        static Path parse(String path) {
            String[] s = path.split("/");
            int i;
            String gv;
            if (s.length >= 3 && s[0].isEmpty() && s[1].equals("api")) {
                gv = s[2];
                i = 3;
            } else if (s.length >= 4 && s[0].isEmpty() && s[1].equals("apis")) {
                gv = s[2] + "/" + s[3];
                i = 4;
            } else {
                return null;
            }
            List<String> rest = Arrays.asList(s).subList(i, s.length);
            String namespace = null;
            // namespaces/x/status is the Namespace x's status; namespaces/x/secrets... is namespaced
            if (rest.size() >= 3 && rest.get(0).equals("namespaces") && !(rest.size() == 3 && rest.get(2).equals("status"))) {
                namespace = rest.get(1);
                rest = rest.subList(2, rest.size());
            }
            if (rest.isEmpty() || rest.size() > 3) {
                return null;
            }
            return new Path(gv, rest.get(0), namespace, rest.size() > 1 ? rest.get(1) : null, rest.size() > 2 ? rest.get(2) : null);
        }

        String key() {
            return groupVersion + "/" + plural;
        }

        /** The storage's namespace key: "" for cluster-scoped objects. */
        String ns() {
            return namespace == null ? "" : namespace;
        }
    }

    private record Reply(int code, Buffer body) {
    }

    private void handle(HttpServerRequest req) {
        requests.increment();
        if (req.method() != HttpMethod.GET) {
            writes.increment();
        }
        Path path = Path.parse(req.path());
        if (path == null) {
            send(req, status(404, "NotFound", "no such path: " + req.path()));
            return;
        }
        if (req.getParam("labelSelector") != null || req.getParam("fieldSelector") != null) {
            send(req, status(400, "BadRequest", "selectors are not served by this stand-in"));
            return;
        }
        if (req.method() == HttpMethod.GET && "true".equals(req.getParam("watch"))) {
            watch(req, path);
            return;
        }
        req.body().onSuccess(body -> {
            Reply reply;
            try {
                reply = dispatch(req, path, body);
            } catch (JacksonException | IllegalArgumentException e) {
                reply = status(400, "BadRequest", e.getMessage());
            }
            send(req, reply);
        }).onFailure(e -> req.connection().close());
    }

    private Reply dispatch(HttpServerRequest req, Path p, Buffer body) {
        HttpMethod m = req.method();
        if (p.subresource != null && !p.subresource.equals("status")) {
            return status(404, "NotFound", "subresource " + p.subresource + " is not served");
        }
        if (m == HttpMethod.GET) {
            return p.name == null ? list(p) : get(p);
        } else if (m == HttpMethod.POST && p.name == null) {
            return create(p, object(body));
        } else if (m == HttpMethod.PUT && p.name != null) {
            return update(p, object(body));
        } else if (m == HttpMethod.PATCH && p.name != null) {
            String type = Objects.toString(req.getHeader("Content-Type"), "");
            if (type.startsWith("application/json-patch+json")) {
                return patch(p, JSON.readTree(body.getBytes()), false);
            }
            if (type.startsWith("application/merge-patch+json")) {
                return patch(p, JSON.readTree(body.getBytes()), true);
            }
            return status(415, "UnsupportedMediaType", "only JSON and JSON merge patches are served, not " + type);
        } else if (m == HttpMethod.DELETE && p.name != null) {
            return delete(p);
        }
        return status(405, "MethodNotAllowed", m + " " + req.path());
    }

    private void send(HttpServerRequest req, Reply reply) {
        if (logRequests) {
            System.err.println("api: " + req.method() + " " + req.uri() + " " + Objects.toString(req.getHeader("Content-Type"), "")
                    + " -> " + reply.code);
        }
        req.response().setStatusCode(reply.code).putHeader("Content-Type", "application/json").end(reply.body);
    }

    // --- storage

    private record Stored(byte[] json, long resourceVersion) {
    }

    private record Event(long resourceVersion, String namespace, String line) {
    }

    private record Watch(String namespace, Consumer<String> send) {
        boolean sees(String ns) {
            return namespace == null || namespace.equals(ns);
        }
    }

    /** One resource type (group/version/plural): its objects by namespace and name, its watches and recent events. */
    private static final class Resource {
        final String groupVersion;
        /** Custom resources have the status subresource: a main write keeps the status, a status write only sets it. */
        final boolean customResource;
        final Map<String, Map<String, Stored>> byNamespace = new ConcurrentHashMap<>();
        final List<Watch> watches = new CopyOnWriteArrayList<>();
        final ArrayDeque<Event> history = new ArrayDeque<>(); // guarded by writeLock
        long evictedUpTo; // guarded by writeLock
        volatile String kind;

        Resource(String groupVersion) {
            this.groupVersion = groupVersion;
            this.customResource = groupVersion.contains("/");
        }

        Map<String, Stored> namespace(String ns) {
            return byNamespace.computeIfAbsent(ns, k -> new ConcurrentHashMap<>());
        }

        Stored get(String ns, String name) {
            Map<String, Stored> objects = byNamespace.get(ns);
            return objects == null ? null : objects.get(name);
        }
    }

    private Resource resource(Path p) {
        return resources.computeIfAbsent(p.key(), k -> new Resource(p.groupVersion));
    }

    private Reply get(Path p) {
        Stored s = resource(p).get(p.ns(), p.name);
        return s == null ? notFound(p) : new Reply(200, Buffer.buffer(s.json));
    }

    private Reply list(Path p) {
        Resource r = resource(p);
        Buffer out = Buffer.buffer();
        synchronized (writeLock) { // a consistent snapshot at one resourceVersion
            String kind = r.kind == null ? "" : r.kind;
            out.appendString("{\"apiVersion\":\"" + r.groupVersion + "\",\"kind\":\"" + kind + "List\",\"metadata\":{\"resourceVersion\":\""
                    + resourceVersion + "\"},\"items\":[");
            boolean first = true;
            for (Map.Entry<String, Map<String, Stored>> ns : r.byNamespace.entrySet()) {
                if (p.namespace != null && !p.namespace.equals(ns.getKey())) {
                    continue;
                }
                for (Stored s : ns.getValue().values()) {
                    out.appendString(first ? "" : ",").appendBytes(s.json);
                    first = false;
                }
            }
        }
        return new Reply(200, out.appendString("]}"));
    }

    private Reply create(Path p, ObjectNode obj) {
        ObjectNode md = metadata(obj);
        String name = text(md, "name");
        if (name == null && text(md, "generateName") != null) {
            name = text(md, "generateName") + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
            md.put("name", name);
        }
        if (name == null) {
            return status(422, "Invalid", "metadata.name is required");
        }
        if (p.namespace != null) {
            if (text(md, "namespace") != null && !p.namespace.equals(text(md, "namespace"))) {
                return status(400, "BadRequest", "the namespace of the object does not match the namespace of the request");
            }
            md.put("namespace", p.namespace);
        }
        Resource r = resource(p);
        synchronized (writeLock) {
            if (r.get(p.ns(), name) != null) {
                return status(409, "AlreadyExists", p.plural + " \"" + name + "\" already exists");
            }
            md.put("uid", UUID.randomUUID().toString());
            md.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            md.remove("deletionTimestamp");
            if (r.customResource) {
                md.put("generation", 1);
            }
            if (obj.hasNonNull("kind")) {
                r.kind = obj.get("kind").asString();
            }
            return commit(r, p.ns(), name, obj, "ADDED", 201);
        }
    }

    private Reply update(Path p, ObjectNode obj) {
        Resource r = resource(p);
        synchronized (writeLock) {
            Stored current = r.get(p.ns(), p.name);
            if (current == null) {
                return notFound(p);
            }
            return staleVersion(obj, current) ? conflict(p) : write(r, p, object(current.json), obj);
        }
    }

    private Reply patch(Path p, JsonNode patch, boolean mergePatch) {
        Resource r = resource(p);
        synchronized (writeLock) {
            Stored current = r.get(p.ns(), p.name);
            if (current == null) {
                return notFound(p);
            }
            ObjectNode old = object(current.json);
            JsonNode patched;
            try {
                patched = mergePatch ? mergePatch(old.deepCopy(), patch) : JsonPatch.apply(patch, old);
            } catch (JsonPatchException e) {
                return status(422, "Invalid", "the JSON patch does not apply: " + e.getMessage());
            }
            if (!(patched instanceof ObjectNode next)) {
                return status(422, "Invalid", "the patch does not yield an object");
            }
            return staleVersion(next, current) ? conflict(p) : write(r, p, old, next);
        }
    }

    /** A resourceVersion in what is written (an update's, or one a patch sets) is a precondition, as in the real API server. */
    private static boolean staleVersion(ObjectNode next, Stored current) {
        String rv = text(metadata(next), "resourceVersion");
        return rv != null && !rv.isEmpty() && !rv.equals(Long.toString(current.resourceVersion));
    }

    /** RFC 7386: objects merge key by key, null removes, anything else replaces. */
    private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode patchObject)) {
            return patch;
        }
        ObjectNode result = target instanceof ObjectNode o ? o : JSON.createObjectNode();
        for (var field : patchObject.properties()) {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.path(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    private Reply delete(Path p) {
        Resource r = resource(p);
        synchronized (writeLock) {
            Stored current = r.get(p.ns(), p.name);
            if (current == null) {
                return notFound(p);
            }
            ObjectNode obj = object(current.json);
            ObjectNode md = metadata(obj);
            if (md.path("finalizers").size() > 0) { // finalizers hold it; the deletion is marked
                if (!md.hasNonNull("deletionTimestamp")) {
                    md.put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                    return commit(r, p.ns(), p.name, obj, "MODIFIED", 200);
                }
                return new Reply(200, Buffer.buffer(current.json));
            }
            return remove(r, p.ns(), p.name, obj);
        }
    }

    /** A PUT or PATCH result: the server keeps what it owns, and the status subresource rules apply. */
    private Reply write(Resource r, Path p, ObjectNode old, ObjectNode next) {
        boolean statusWrite = "status".equals(p.subresource);
        if (statusWrite) {
            ObjectNode withStatus = old.deepCopy();
            if (next.hasNonNull("status")) {
                withStatus.set("status", next.get("status"));
            } else {
                withStatus.remove("status");
            }
            next = withStatus;
        } else if (r.customResource) {
            if (old.has("status")) {
                next.set("status", old.get("status"));
            } else {
                next.remove("status");
            }
        }
        ObjectNode oldMd = metadata(old);
        ObjectNode md = metadata(next);
        for (String owned : List.of("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "generation")) {
            if (oldMd.has(owned)) {
                md.set(owned, oldMd.get(owned));
            } else {
                md.remove(owned);
            }
        }
        if (r.customResource && !statusWrite && !Objects.equals(old.get("spec"), next.get("spec"))) {
            md.put("generation", oldMd.path("generation").asLong(1) + 1);
        }
        if (md.hasNonNull("deletionTimestamp") && md.path("finalizers").size() == 0) {
            return remove(r, p.ns(), p.name, next); // the last finalizer is gone
        }
        return commit(r, p.ns(), p.name, next, "MODIFIED", 200);
    }

    /** Stores the object at the next resourceVersion and tells the watches. Called with writeLock held. */
    private Reply commit(Resource r, String ns, String name, ObjectNode obj, String type, int code) {
        if (obj.get("stringData") instanceof ObjectNode stringData) { // as the API server does for Secrets
            ObjectNode data = obj.get("data") instanceof ObjectNode d ? d : obj.putObject("data");
            stringData.properties().forEach(e -> data.put(e.getKey(),
                    Base64.getEncoder().encodeToString(e.getValue().asString().getBytes(StandardCharsets.UTF_8))));
            obj.remove("stringData");
        }
        long rv = ++resourceVersion;
        metadata(obj).put("resourceVersion", Long.toString(rv));
        byte[] json = JSON.writeValueAsBytes(obj);
        r.namespace(ns).put(name, new Stored(json, rv));
        publish(r, ns, rv, type, json);
        return new Reply(code, Buffer.buffer(json));
    }

    private Reply remove(Resource r, String ns, String name, ObjectNode obj) {
        long rv = ++resourceVersion;
        metadata(obj).put("resourceVersion", Long.toString(rv));
        byte[] json = JSON.writeValueAsBytes(obj);
        r.namespace(ns).remove(name);
        publish(r, ns, rv, "DELETED", json);
        return new Reply(200, Buffer.buffer(json));
    }

    private void publish(Resource r, String ns, long rv, String type, byte[] json) {
        String line = "{\"type\":\"" + type + "\",\"object\":" + new String(json, StandardCharsets.UTF_8) + "}";
        r.history.addLast(new Event(rv, ns, line));
        if (r.history.size() > HISTORY) {
            r.evictedUpTo = r.history.removeFirst().resourceVersion;
        }
        for (Watch w : r.watches) {
            if (w.sees(ns)) {
                w.send.accept(line);
            }
        }
    }

    // --- watches

    private void watch(HttpServerRequest req, Path p) {
        String rvParam = req.getParam("resourceVersion");
        long from = rvParam == null || rvParam.isEmpty() || rvParam.equals("0") ? -1 : Long.parseLong(rvParam);
        Resource r = resource(p);
        if (req.canUpgradeToWebSocket()) {
            req.toWebSocket().onSuccess(ws -> {
                Watch w = new Watch(p.namespace, ws::writeTextMessage);
                ws.closeHandler(v -> r.watches.remove(w));
                if (!startWatch(r, w, from)) {
                    ws.close();
                }
            });
        } else {
            HttpServerResponse response = req.response().setChunked(true).putHeader("Content-Type", "application/json");
            Watch w = new Watch(p.namespace, line -> response.write(line + "\n"));
            req.connection().closeHandler(v -> r.watches.remove(w));
            if (!startWatch(r, w, from)) {
                response.end();
            }
        }
    }

    /** Sends what happened after {@code from} (everything when -1), then live events; false when {@code from} is too old. */
    private boolean startWatch(Resource r, Watch w, long from) {
        synchronized (writeLock) {
            if (from < 0) {
                for (Map.Entry<String, Map<String, Stored>> ns : r.byNamespace.entrySet()) {
                    if (w.sees(ns.getKey())) {
                        ns.getValue().values().forEach(s -> w.send.accept("{\"type\":\"ADDED\",\"object\":"
                                + new String(s.json, StandardCharsets.UTF_8) + "}"));
                    }
                }
            } else if (from < r.evictedUpTo) {
                w.send.accept("{\"type\":\"ERROR\",\"object\":" + status(410, "Expired", "too old resource version: " + from)
                        .body.toString(StandardCharsets.UTF_8) + "}");
                return false;
            } else {
                for (Event e : r.history) {
                    if (e.resourceVersion > from && w.sees(e.namespace)) {
                        w.send.accept(e.line);
                    }
                }
            }
            r.watches.add(w);
            return true;
        }
    }

    // --- JSON

    private static ObjectNode object(Buffer body) {
        return object(body.getBytes());
    }

    private static ObjectNode object(byte[] json) {
        if (JSON.readTree(json) instanceof ObjectNode o) {
            return o;
        }
        throw new IllegalArgumentException("the body is not a JSON object");
    }

    private static ObjectNode metadata(ObjectNode obj) {
        if (!(obj.get("metadata") instanceof ObjectNode md)) {
            return obj.putObject("metadata");
        }
        return md;
    }

    private static String text(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static Reply notFound(Path p) {
        return status(404, "NotFound", p.plural + " \"" + p.name + "\" not found");
    }

    private static Reply conflict(Path p) {
        return status(409, "Conflict", "Operation cannot be fulfilled on " + p.plural + " \"" + p.name
                + "\": the object has been modified; please apply your changes to the latest version and try again");
    }

    private static Reply status(int code, String reason, String message) {
        ObjectNode s = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        return new Reply(code, Buffer.buffer(JSON.writeValueAsBytes(s)));
    }
}
