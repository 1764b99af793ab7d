package dev.secretsync.controller.translate;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.TransformException;
import dev.secretsync.transform.DataEntry;
import dev.secretsync.transform.DataProcess;
import dev.secretsync.transform.JmesPath;
import dev.secretsync.transform.MappingTransform;
import dev.secretsync.transform.ReplaceRule;
import dev.secretsync.transform.SecretMapping;
import dev.secretsync.transform.TemplateSpec;
import dev.secretsync.k8s.model.DataSource;
import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretSpec;
import dev.secretsync.k8s.model.ExternalSecretTemplate;
import dev.secretsync.k8s.model.JmesPathObject;
import dev.secretsync.k8s.model.RolloutRestartTarget;
import dev.secretsync.k8s.model.TemplateFrom;
import dev.secretsync.k8s.model.TemplateRef;
import dev.secretsync.k8s.model.TemplateRefItem;
import dev.secretsync.k8s.sink.TargetOptions;
import dev.secretsync.k8s.store.GoDuration;
import dev.secretsync.k8s.store.StoreRefs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns an ExternalSecret into engine terms ({@link ExternalSecretTranslation}): the core
 * {@link SecretMapping}, the references with their store ids, the refresh interval and the
 * writer's {@link TargetOptions}. Pure: it makes no API call (templates named by
 * {@code templateFrom} come from the given {@link TemplateSources}).
 *
 * <p>Store ids are the k8s module's ({@link StoreRefs#storeId}); an entry without
 * {@code secretStoreRef} reads from {@link #CONTROLLER_STORE}, the controller's own credentials
 * ({@link StoreRefs#CONTROLLER_OOS_STORE} with {@code provider: oos}); a referenced store serves what
 * its own spec says (KMS or OOS). A {@code versionStage} with a {@code versionId} selects the version
 * with that id while it carries that stage (both are sent, as ack-secret-manager does). An
 * entry with {@code kmsEndpoint} reads from a derived store, {@code <store id>@<endpoint>}, which
 * is the same store reached at that endpoint.
 */
public final class ExternalSecretTranslator {

    /** The store of entries without a {@code secretStoreRef}. */
    public static final String CONTROLLER_STORE = StoreRefs.CONTROLLER_STORE;

    public static final String PERIODIC = "Periodic";
    public static final String CREATED_ONCE = "CreatedOnce";
    public static final String ON_CHANGE = "OnChange";

    private static final Set<String> ROLLOUT_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

    private final Duration pollingInterval;
    private final boolean disablePolling;
    private final boolean allowCrossNamespaceStores;

    public ExternalSecretTranslator(ControllerSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.pollingInterval = settings.pollingInterval();
        this.disablePolling = settings.disablePolling();
        this.allowCrossNamespaceStores = settings.enableCrossNamespaceSecretStore();
    }

    /** The derived store id for {@code storeId} reached at {@code endpoint}. */
    public static String endpointStoreId(String storeId, String endpoint) {
        return storeId + "@" + endpoint;
    }

    /** Translates without ConfigMap/Secret templates. */
    public ExternalSecretTranslation translate(ExternalSecret es) throws InvalidSpecException {
        return translate(es, TemplateSources.none());
    }

    /**
     * @throws InvalidSpecException naming the field when the resource cannot be synced as written
     */
    public ExternalSecretTranslation translate(ExternalSecret es, TemplateSources templates)
            throws InvalidSpecException {
        Objects.requireNonNull(es, "es");
        Objects.requireNonNull(templates, "templates");
        if (es.getMetadata() == null || blank(es.getMetadata().getName()) || blank(es.getMetadata().getNamespace())) {
            throw new InvalidSpecException("metadata", "name and namespace are required");
        }
        String namespace = es.getMetadata().getNamespace();
        ExternalSecretSpec spec = es.getSpec();
        if (spec == null) {
            throw new InvalidSpecException("spec", "is required");
        }
        if (!blank(spec.getProvider()) && !"kms".equals(spec.getProvider()) && !"oos".equals(spec.getProvider())) {
            throw new InvalidSpecException("spec.provider", "must be kms or oos, got '" + spec.getProvider() + "'");
        }
        boolean oos = "oos".equals(spec.getProvider());
        List<DataSource> data = spec.getData() == null ? List.of() : spec.getData();
        List<dev.secretsync.k8s.model.DataProcess> processes =
                spec.getDataProcess() == null ? List.of() : spec.getDataProcess();
        if (data.isEmpty() && processes.isEmpty()) {
            throw new InvalidSpecException("spec.data", "at least one data or dataProcess entry is required");
        }

        Set<String> storeIds = new LinkedHashSet<>();
        Map<String, ExternalSecretTranslation.EndpointStore> endpointStores = new LinkedHashMap<>();
        SecretMapping.Builder mapping = SecretMapping.builder();
        for (int i = 0; i < data.size(); i++) {
            String field = "spec.data[" + i + "]";
            DataSource d = data.get(i);
            if (d == null) {
                throw new InvalidSpecException(field, "must not be null");
            }
            SourceRef ref = refOf(namespace, d, oos, field, storeIds, endpointStores);
            List<JmesPath> paths = new ArrayList<>();
            List<JmesPathObject> jmes = d.getJmesPath() == null ? List.of() : d.getJmesPath();
            for (int j = 0; j < jmes.size(); j++) {
                JmesPathObject p = jmes.get(j);
                String pf = field + ".jmesPath[" + j + "]";
                if (p == null || blank(p.getPath())) {
                    throw new InvalidSpecException(pf + ".path", "is required");
                }
                if (blank(p.getObjectAlias())) {
                    throw new InvalidSpecException(pf + ".objectAlias", "is required");
                }
                paths.add(new JmesPath(p.getPath(), p.getObjectAlias()));
            }
            mapping.data(new DataEntry(ref, d.getName(), paths));
        }
        for (int i = 0; i < processes.size(); i++) {
            String field = "spec.dataProcess[" + i + "]";
            dev.secretsync.k8s.model.DataProcess p = processes.get(i);
            if (p == null || p.getExtract() == null) {
                throw new InvalidSpecException(field + ".extract", "is required");
            }
            SourceRef ref = refOf(namespace, p.getExtract(), oos, field + ".extract", storeIds, endpointStores);
            List<ReplaceRule> rules = new ArrayList<>();
            List<dev.secretsync.k8s.model.ReplaceRule> given =
                    p.getReplaceRule() == null ? List.of() : p.getReplaceRule();
            for (int j = 0; j < given.size(); j++) {
                dev.secretsync.k8s.model.ReplaceRule r = given.get(j);
                String rf = field + ".replaceRule[" + j + "]";
                if (r == null || r.getSource() == null) {
                    throw new InvalidSpecException(rf + ".source", "is required");
                }
                rules.add(new ReplaceRule(r.getSource(), r.getTarget() == null ? "" : r.getTarget()));
            }
            mapping.dataProcess(new DataProcess(ref, rules));
        }
        ExternalSecretTemplate template = spec.getTarget() == null ? null : spec.getTarget().getTemplate();
        TemplateSpec templateSpec = templateOf(namespace, template, templates);
        if (templateSpec != null) {
            mapping.template(templateSpec);
        }

        SecretMapping built;
        MappingTransform transform;
        try {
            built = mapping.build();
            transform = MappingTransform.compile(built);
        } catch (TransformException e) {
            throw new InvalidSpecException(e.field(), e.reason());
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException("spec", e.getMessage());
        }

        String policy = blank(spec.getRefreshPolicy()) ? PERIODIC : spec.getRefreshPolicy();
        if (!Set.of(PERIODIC, CREATED_ONCE, ON_CHANGE).contains(policy)) {
            throw new InvalidSpecException("spec.refreshPolicy", "must be Periodic, CreatedOnce or OnChange, got '"
                    + policy + "'");
        }
        Duration interval = pollingInterval;
        if (!blank(spec.getRotationInterval())) {
            try {
                interval = GoDuration.parse(spec.getRotationInterval());
            } catch (IllegalArgumentException e) {
                throw new InvalidSpecException("spec.rotationInterval", e.getMessage());
            }
            if (interval.isZero()) {
                throw new InvalidSpecException("spec.rotationInterval", "must be positive");
            }
        }
        Optional<Duration> refresh = disablePolling || !PERIODIC.equals(policy) ? Optional.empty()
                : Optional.of(interval);

        TargetOptions options;
        try {
            options = TargetOptions.forExternalSecret(es);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidSpecException("spec.target", e.getMessage());
        }

        List<RolloutRestartTarget> restarts = spec.getRolloutRestart() == null ? List.of() : spec.getRolloutRestart();
        for (int i = 0; i < restarts.size(); i++) {
            RolloutRestartTarget r = restarts.get(i);
            String field = "spec.rolloutRestart[" + i + "]";
            if (r == null || blank(r.getName())) {
                throw new InvalidSpecException(field + ".name", "is required");
            }
            if (!ROLLOUT_KINDS.contains(r.getKind())) {
                throw new InvalidSpecException(field + ".kind", "must be Deployment, StatefulSet or DaemonSet, got '"
                        + r.getKind() + "'");
            }
        }
        return new ExternalSecretTranslation(TargetOptions.targetOf(es), built, transform, built.refs(), storeIds,
                endpointStores, refresh, options, policy, restarts);
    }

    private SourceRef refOf(String namespace, DataSource d, boolean oos, String field, Set<String> storeIds,
                            Map<String, ExternalSecretTranslation.EndpointStore> endpointStores)
            throws InvalidSpecException {
        if (blank(d.getKey())) {
            throw new InvalidSpecException(field + ".key", "is required");
        }
        String storeId;
        try {
            storeId = StoreRefs.storeId(namespace, d.getSecretStoreRef(), allowCrossNamespaceStores, oos,
                    field + ".secretStoreRef");
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException(field + ".secretStoreRef", e.getMessage());
        }
        storeIds.add(storeId);
        if (!blank(d.getKmsEndpoint())) {
            String endpoint = d.getKmsEndpoint().trim();
            String derived = endpointStoreId(storeId, endpoint);
            endpointStores.put(derived, new ExternalSecretTranslation.EndpointStore(storeId, endpoint));
            storeId = derived;
        }
        return new SourceRef(storeId, d.getKey(), d.getVersionStage(), d.getVersionId());
    }

    private static TemplateSpec templateOf(String namespace, ExternalSecretTemplate template, TemplateSources sources)
            throws InvalidSpecException {
        if (template == null) {
            return null;
        }
        Map<String, String> data = template.getData() == null ? Map.of() : template.getData();
        List<TemplateFrom> from = template.getTemplateFrom() == null ? List.of() : template.getTemplateFrom();
        if (data.isEmpty() && from.isEmpty()) {
            return null; // only metadata or type: the data passes through
        }
        List<Map<String, String>> resolved = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            resolved.add(resolve(namespace, from.get(i), "spec.target.template.templateFrom[" + i + "]", sources));
        }
        TemplateSpec.MergePolicy merge;
        String mp = template.getMergePolicy();
        if (blank(mp) || "Replace".equals(mp)) {
            merge = TemplateSpec.MergePolicy.REPLACE;
        } else if ("Merge".equals(mp)) {
            merge = TemplateSpec.MergePolicy.MERGE;
        } else {
            throw new InvalidSpecException("spec.target.template.mergePolicy", "must be Replace or Merge, got '"
                    + mp + "'");
        }
        return new TemplateSpec(data, resolved, merge);
    }

    private static Map<String, String> resolve(String namespace, TemplateFrom from, String field,
                                               TemplateSources sources) throws InvalidSpecException {
        if (from == null) {
            throw new InvalidSpecException(field, "must not be null");
        }
        if (!blank(from.getTarget()) && !"Data".equals(from.getTarget())) {
            throw new InvalidSpecException(field + ".target", "only Data is supported, got '" + from.getTarget() + "'");
        }
        if (from.getLiteral() != null) {
            throw new InvalidSpecException(field + ".literal", "is not supported; use template.data");
        }
        TemplateRef ref;
        Optional<Map<String, String>> found;
        String kind;
        if (from.getConfigMap() != null) {
            ref = from.getConfigMap();
            kind = "configMap";
            found = blank(ref.getName()) ? Optional.empty() : sources.configMap(namespace, ref.getName());
        } else if (from.getSecret() != null) {
            ref = from.getSecret();
            kind = "secret";
            found = blank(ref.getName()) ? Optional.empty() : sources.secret(namespace, ref.getName());
        } else {
            throw new InvalidSpecException(field, "needs configMap or secret");
        }
        if (blank(ref.getName())) {
            throw new InvalidSpecException(field + "." + kind + ".name", "is required");
        }
        if (found.isEmpty()) {
            throw new InvalidSpecException(field + "." + kind, "'" + namespace + "/" + ref.getName() + "' not found");
        }
        Map<String, String> all = found.get();
        Map<String, String> picked = new TreeMap<>();
        List<TemplateRefItem> items = ref.getItems() == null ? List.of() : ref.getItems();
        if (items.isEmpty()) {
            picked.putAll(all);
        }
        for (int i = 0; i < items.size(); i++) {
            TemplateRefItem item = items.get(i);
            String itemField = field + "." + kind + ".items[" + i + "]";
            if (item == null || blank(item.getKey())) {
                throw new InvalidSpecException(itemField + ".key", "is required");
            }
            if (!blank(item.getTemplateAs()) && !"Values".equals(item.getTemplateAs())) {
                throw new InvalidSpecException(itemField + ".templateAs", "only Values is supported, got '"
                        + item.getTemplateAs() + "'");
            }
            String text = all.get(item.getKey());
            if (text == null) {
                throw new InvalidSpecException(itemField + ".key", "'" + item.getKey() + "' is not in "
                        + kind + " '" + ref.getName() + "'");
            }
            picked.put(item.getKey(), text);
        }
        return picked;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
