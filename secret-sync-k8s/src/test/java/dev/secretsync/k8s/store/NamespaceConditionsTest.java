package dev.secretsync.k8s.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.k8s.model.ClusterSecretStore;
import dev.secretsync.k8s.model.ClusterExternalSecretSpec;
import dev.secretsync.k8s.model.ClusterSecretStoreSpec;
import dev.secretsync.k8s.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class NamespaceConditionsTest {

    KubernetesClient client;
    StoreResolver resolver;

    @BeforeEach
    void setUp() {
        resolver = StoreResolver.builder(KubeAccess.of(client)).region("cn-hangzhou").build();
        namespace("team-a", Map.of("secrets", "allowed", "tier", "prod"));
        namespace("team-b", Map.of("tier", "dev"));
        namespace("sandbox-42", Map.of());
    }

    void namespace(String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }

    static ClusterSecretStore store(NamespaceCondition... conditions) {
        ClusterSecretStoreSpec spec = new ClusterSecretStoreSpec();
        spec.setConditions(conditions.length == 0 ? null : Arrays.asList(conditions));
        ClusterSecretStore store = new ClusterSecretStore();
        store.setMetadata(new ObjectMetaBuilder().withName("shared").build());
        store.setSpec(spec);
        return store;
    }

    static NamespaceCondition names(String... names) {
        NamespaceCondition c = new NamespaceCondition();
        c.setNamespaces(List.of(names));
        return c;
    }

    static NamespaceCondition regexes(String... regexes) {
        NamespaceCondition c = new NamespaceCondition();
        c.setNamespaceRegexes(List.of(regexes));
        return c;
    }

    static NamespaceCondition selector(LabelSelector selector) {
        NamespaceCondition c = new NamespaceCondition();
        c.setNamespaceSelector(selector);
        return c;
    }

    boolean allows(ClusterSecretStore store, String namespace) {
        return resolver.allows(store, namespace).allowed();
    }

    @Test
    void noConditionsAllowEveryExistingNamespace() {
        assertThat(allows(store(), "team-b")).isTrue();
        assertThat(resolver.allows(store(), "ghost")).isEqualTo(
                new NamespaceConditions.Decision(false, "namespace ghost not found"));
    }

    @Test
    void namesAllowListedNamespacesOnly() {
        ClusterSecretStore store = store(names("team-a"));
        assertThat(allows(store, "team-a")).isTrue();
        assertThat(resolver.allows(store, "team-b")).isEqualTo(
                new NamespaceConditions.Decision(false, "no condition allows namespace team-b"));
    }

    @Test
    void selectorMatchesLabelsAndExpressions() {
        ClusterSecretStore byLabel = store(selector(new LabelSelectorBuilder().addToMatchLabels("secrets", "allowed")
                .build()));
        assertThat(allows(byLabel, "team-a")).isTrue();
        assertThat(allows(byLabel, "team-b")).isFalse();

        ClusterSecretStore notDev = store(selector(new LabelSelectorBuilder().addNewMatchExpression().withKey("tier")
                .withOperator("NotIn").withValues("dev").endMatchExpression().build()));
        assertThat(allows(notDev, "team-a")).isTrue();
        assertThat(allows(notDev, "sandbox-42")).isTrue();
        assertThat(allows(notDev, "team-b")).isFalse();

        ClusterSecretStore hasTier = store(selector(new LabelSelectorBuilder().addNewMatchExpression().withKey("tier")
                .withOperator("Exists").endMatchExpression().build()));
        assertThat(allows(hasTier, "sandbox-42")).isFalse();
        assertThat(allows(hasTier, "team-b")).isTrue();
    }

    @Test
    void regexesMatchAnywhereInTheName() {
        ClusterSecretStore store = store(regexes("^sandbox-\\d+$"));
        assertThat(allows(store, "sandbox-42")).isTrue();
        assertThat(allows(store, "team-a")).isFalse();
        assertThat(allows(store(regexes("am-")), "team-b")).as("Go MatchString finds, not matches").isTrue();
    }

    @Test
    void conditionsAreOred() {
        ClusterSecretStore store = store(names("team-b"), regexes("^sandbox"));
        assertThat(allows(store, "team-b")).isTrue();
        assertThat(allows(store, "sandbox-42")).isTrue();
        assertThat(allows(store, "team-a")).isFalse();
    }

    @Test
    void anInvalidRegexOrSelectorDeniesEveryNamespace() {
        NamespaceConditions.Decision badRegex = resolver.allows(store(names("team-a"), regexes("([")), "team-a");
        assertThat(badRegex.allowed()).isFalse();
        assertThat(badRegex.reason()).startsWith("spec.conditions[1].namespaceRegexes[0] is not a valid regular "
                + "expression");

        NamespaceConditions.Decision badOperator = resolver.allows(store(names("team-a"),
                selector(new LabelSelectorBuilder().addNewMatchExpression().withKey("tier").withOperator("Near")
                        .withValues("prod").endMatchExpression().build())), "team-a");
        assertThat(badOperator.allowed()).isFalse();
        assertThat(badOperator.reason()).isEqualTo("spec.conditions[1].namespaceSelector.matchExpressions[0] is "
                + "invalid: unknown operator 'Near' (expected In, NotIn, Exists or DoesNotExist)");

        NamespaceConditions.Decision inWithoutValues = resolver.allows(store(selector(new LabelSelectorBuilder()
                .addNewMatchExpression().withKey("tier").withOperator("In").endMatchExpression().build())), "team-a");
        assertThat(inWithoutValues.allowed()).isFalse();
        assertThat(inWithoutValues.reason()).contains("operator In needs values");
    }

    @Test
    void clusterExternalSecretOrsConditionsAndDeprecatedSelectorsAndSelectsNothingWithout() {
        var teamA = client.namespaces().withName("team-a").get();
        var teamB = client.namespaces().withName("team-b").get();
        ClusterExternalSecretSpec none = new ClusterExternalSecretSpec();
        assertThat(NamespaceConditions.evaluate(none, teamA)).isEqualTo(new NamespaceConditions.Decision(false,
                "spec.conditions and spec.namespaceSelectors select no namespace"));

        ClusterExternalSecretSpec spec = new ClusterExternalSecretSpec();
        spec.setConditions(List.of(names("team-a")));
        spec.setNamespaceSelectors(List.of(new LabelSelectorBuilder().addToMatchLabels("tier", "dev").build()));
        assertThat(NamespaceConditions.evaluate(spec, teamA).reason())
                .isEqualTo("spec.conditions[0].namespaces lists namespace team-a");
        assertThat(NamespaceConditions.evaluate(spec, teamB).reason())
                .isEqualTo("spec.namespaceSelectors[0] matches namespace team-b");

        spec.setNamespaceSelectors(List.of(new LabelSelectorBuilder().addNewMatchExpression().withKey("tier")
                .withOperator("Bogus").endMatchExpression().build()));
        assertThat(NamespaceConditions.evaluate(spec, teamA)).isEqualTo(new NamespaceConditions.Decision(false,
                "spec.namespaceSelectors[0].matchExpressions[0] is invalid: unknown operator 'Bogus' (expected In, "
                        + "NotIn, Exists or DoesNotExist)"));
    }
}
