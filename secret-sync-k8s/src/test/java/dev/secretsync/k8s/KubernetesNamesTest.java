package dev.secretsync.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "db-credentials", "tls.example.com", "0abc", "a-b.c-d"})
    void validObjectNames(String name) {
        assertThat(KubernetesNames.objectNameProblem("Secret", name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../../other/configmaps/private-tpl", "a/b", "a%2Fb", "%2e%2e", "A", "-a",
            "a-", "a..b", "a.-b", "a b", "ｄｂ", "db\u0131", "d\u0430tabase", "a\u0000", "tab\t", "", "x.",
            "a_b"})
    void hostileObjectNamesAreRefused(String name) {
        assertThat(KubernetesNames.objectNameProblem("Secret", name)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "team-a", "a1"})
    void validNamespaces(String name) {
        assertThat(KubernetesNames.namespaceProblem(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kube.system", "..", "a/b", "Team", "-x", ""})
    void hostileNamespacesAreRefused(String name) {
        assertThat(KubernetesNames.namespaceProblem(name)).isPresent();
    }

    @org.junit.jupiter.api.Test
    void lengthLimitsAreKubernetesOwn() {
        assertThat(KubernetesNames.objectNameProblem("Secret", "a".repeat(253))).isEmpty();
        assertThat(KubernetesNames.objectNameProblem("Secret", "a".repeat(254))).get().asString()
                .endsWith("at most 253 characters, got 254");
        assertThat(KubernetesNames.namespaceProblem("a".repeat(63))).isEmpty();
        assertThat(KubernetesNames.namespaceProblem("a".repeat(64))).isPresent();
    }

    @org.junit.jupiter.api.Test
    void messagesNameTheFieldAndShowABoundedEscapedPrefix() {
        String huge = "x/".repeat(50_000);
        assertThatThrownBy(() -> KubernetesNames.requireObjectName("spec.target.name", "Secret", huge))
                .hasMessageStartingWith("spec.target.name: \"x/x/")
                .hasMessageContaining("... (100000 characters) is not a Secret name: at most 253 characters");
        assertThat(KubernetesNames.shown("d\u0430\"b\n")).isEqualTo("\"d\\u0430\\u0022b\\u000a\"");
    }
}
