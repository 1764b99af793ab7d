package dev.secretsync.core.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonSecretsTest {

    static final String CANARY = "CANARY-7f3a9c";

    @Test
    void flattensNestedObjectsAndArraysWithSpringStyleKeys() {
        String json = "{\"a\":{\"b\":\"x\",\"c\":[1,{\"d\":true}],\"e\":null},\"n\":-1.5e3,\"s\":\"q\\\"\\u00e9\\n\"}";
        assertThat(JsonSecrets.flatten(json)).containsExactly(
                java.util.Map.entry("a.b", "x"),
                java.util.Map.entry("a.c[0]", "1"),
                java.util.Map.entry("a.c[1].d", "true"),
                java.util.Map.entry("a.e", ""),
                java.util.Map.entry("n", "-1.5e3"),
                java.util.Map.entry("s", "q\"é\n"));
    }

    @Test
    void aTopLevelScalarHasTheEmptyKey() {
        assertThat(JsonSecrets.flatten(" \"v\" ")).containsExactly(java.util.Map.entry("", "v"));
    }

    @Test
    void jsonPointersFollowRfc6901() {
        String json = "{\"a/b\":{\"m~n\":[\"zero\",\"one\"]},\"\":\"empty\"}";
        assertThat(JsonSecrets.field(json, "/a~1b/m~0n/1")).contains("one");
        assertThat(JsonSecrets.field(json, "/")).contains("empty");
        assertThat(JsonSecrets.field(json, "/a~1b/m~0n/2")).isEmpty();
        assertThat(JsonSecrets.field(json, "/missing")).isEmpty();
        assertThatThrownBy(() -> JsonSecrets.field(json, "/a~1b")).hasMessageContaining("object or array");
    }

    @Test
    void dottedPathsMatchTheFlattenedKeys() {
        String json = "{\"db\":{\"user\":\"app\",\"hosts\":[\"h1\"]}}";
        assertThat(JsonSecrets.field(json, "db.user")).contains("app");
        assertThat(JsonSecrets.field(json, "db.hosts[0]")).contains("h1");
        assertThat(JsonSecrets.field(json, "db.nope")).isEmpty();
        assertThatThrownBy(() -> JsonSecrets.field(json, "db.hosts")).hasMessageContaining("object or array");
    }

    @Test
    void invalidJsonIsRefusedWithAnOffsetAndNeverTheContent() {
        for (String bad : new String[] {"{\"p\":" + CANARY + "}", "{\"p\":\"" + CANARY, "[1,]", "{} " + CANARY,
                "{\"p\":\"" + CANARY + "\\x\"}", "", "{\"a\" 1}"}) {
            assertThatThrownBy(() -> JsonSecrets.flatten(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not valid JSON")
                    .hasMessageNotContaining(CANARY);
        }
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThatThrownBy(() -> JsonSecrets.flatten(deep)).hasMessageContaining("nested too deeply");
    }
}
