package dev.secretsync.transform;

import static dev.secretsync.transform.Fixtures.ref;
import static dev.secretsync.transform.Fixtures.run;
import static dev.secretsync.transform.Fixtures.secrets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.core.DesiredState;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.TransformException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Templates over the data, key rules, limits, and every error path with the field it names. */
class MappingTransformTest {

    static final DataEntry DB = DataEntry.of(ref("db"), "db", new JmesPath("user", "user"), new JmesPath("password", "password"));
    static final Map<SourceRef, SecretValue> DB_VALUE = secrets("db", "{\"user\":\"admin\",\"password\":\"s3cret\"}");

    @Test
    void templatesReplaceTheDataByDefault() throws TransformException {
        SecretMapping mapping = SecretMapping.builder().data(DB)
                .template(TemplateSpec.of(Map.of("url", "postgres://{{ .user }}:{{ .password }}@db:5432",
                        "user-b64", "{{ .user | b64enc }}")))
                .build();
        assertThat(run(mapping, DB_VALUE))
                .isEqualTo(Map.of("url", "postgres://admin:s3cret@db:5432", "user-b64", "YWRtaW4="));
    }

    @Test
    void mergeAddsTemplatesToTheDataAndTemplatesWin() throws TransformException {
        SecretMapping mapping = SecretMapping.builder().data(DB)
                .template(TemplateSpec.of(Map.of("password", "{{ .password | upper }}", "extra", "x"), TemplateSpec.MergePolicy.MERGE))
                .build();
        assertThat(run(mapping, DB_VALUE)).isEqualTo(Map.of("user", "admin", "password", "S3CRET", "extra", "x"));
    }

    @Test
    void templateFromIsAppliedFirstAndDataOverridesIt() throws TransformException {
        SecretMapping mapping = SecretMapping.builder().data(DB)
                .template(new TemplateSpec(Map.of("b", "data-{{ .user }}"),
                        List.of(Map.of("a", "from0", "b", "from0"), Map.of("a", "from1")), null))
                .build();
        assertThat(run(mapping, DB_VALUE)).isEqualTo(Map.of("a", "from1", "b", "data-admin"));
    }

    @Test
    void binaryValuesPassThroughAndIntoTemplatesAsBytes() throws TransformException {
        byte[] der = {0x30, (byte) 0x82, (byte) 0xff, 0x00};
        SecretMapping mapping = SecretMapping.builder().data(DataEntry.of(ref("cert"), "tls.der"))
                .template(TemplateSpec.of(Map.of("raw", "{{ index . \"tls.der\" }}", "b64", "{{ index . \"tls.der\" | b64enc }}"),
                        TemplateSpec.MergePolicy.MERGE))
                .build();
        DesiredState state = MappingTransform.compile(mapping).apply(Map.of(ref("cert"), SecretValue.binary(der, "v1")));
        assertThat(state.get("tls.der")).containsExactly(der);
        assertThat(state.get("raw")).containsExactly(der);
        assertThat(new String(state.get("b64"))).isEqualTo("MIL/AA==");
    }

    @Test
    void aCompiledMappingNamesItsReferencesInOrder() throws TransformException {
        SecretMapping mapping = SecretMapping.builder().data(DB).dataProcess(DataProcess.extract(ref("other"))).build();
        MappingTransform transform = MappingTransform.compile(mapping);
        assertThat(transform.refs()).containsExactly(ref("db"), ref("other"));
        assertThat(MappingTransform.compile(mapping)).isEqualTo(transform).hasSameHashCodeAs(transform);
        assertThat(transform.toString()).contains("data=1", "dataProcess=1");
    }

    /** A mapping that must be refused, the field named, and a part of the message. */
    static List<Arguments> invalidMappings() {
        return List.of(
                bad("invalid JMESPath expression",
                        SecretMapping.builder().data(DataEntry.of(ref("db"), "db", new JmesPath("a", "a"), new JmesPath("friends[0", "x"))),
                        "spec.data[0].jmesPath[1].path", "invalid JMESPath expression"),
                bad("invalid regular expression",
                        SecretMapping.builder().dataProcess(DataProcess.extract(ref("db"), new ReplaceRule("(unclosed", "x"))),
                        "spec.dataProcess[0].replaceRule[0].source", "invalid regular expression"),
                bad("invalid character in name",
                        SecretMapping.builder().data(DataEntry.of(ref("db"), "my key")),
                        "spec.data[0].name", "'my key' is invalid"),
                bad("invalid objectAlias",
                        SecretMapping.builder().data(DataEntry.of(ref("db"), "db", new JmesPath("a", "a/b"))),
                        "spec.data[0].jmesPath[0].objectAlias", "'a/b' is invalid"),
                bad("key of 254 characters",
                        SecretMapping.builder().data(DataEntry.of(ref("db"), "k".repeat(254))),
                        "spec.data[0].name", "at most 253"),
                bad("key '..'",
                        SecretMapping.builder().data(DataEntry.of(ref("db"), "..")),
                        "spec.data[0].name", "must not be '.' or start with '..'"),
                bad("invalid template key",
                        SecretMapping.builder().data(DB).template(TemplateSpec.of(Map.of("bad key", "x"))),
                        "spec.target.template.data[bad key]", "is invalid"),
                bad("unsupported template function",
                        SecretMapping.builder().data(DB).template(TemplateSpec.of(Map.of("cfg", "{{ .user | env }}"))),
                        "spec.target.template.data[cfg]", "function \"env\" is not supported"),
                bad("template syntax error",
                        SecretMapping.builder().data(DB).template(TemplateSpec.of(Map.of("cfg", "{{ if .user }}x"))),
                        "spec.target.template.data[cfg]", "{{if}} has no matching {{end}}"),
                bad("templateFrom error names its index",
                        SecretMapping.builder().data(DB).template(new TemplateSpec(Map.of(), List.of(Map.of("k", "{{ lookup }}")), null)),
                        "spec.target.template.templateFrom[0][k]", "function \"lookup\" is not supported"));
    }

    static Arguments bad(String name, SecretMapping.Builder mapping, String field, String message) {
        return Arguments.of(Named.of(name, mapping.build()), field, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidMappings")
    void invalidMappingsAreRefusedWhenCompiled(SecretMapping mapping, String field, String message) {
        assertThatThrownBy(() -> MappingTransform.compile(mapping))
                .isInstanceOfSatisfying(TransformException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(message);
    }

    /** A valid mapping, values it cannot turn into a Secret, the field named, and a part of the message. */
    static List<Arguments> invalidValues() {
        String big = "x".repeat(600 * 1024);
        return List.of(
                badValue("extract of a list", SecretMapping.builder().dataProcess(DataProcess.extract(ref("s"))),
                        secrets("s", "[1,2]"), "spec.dataProcess[0].extract", "needs a JSON or YAML object, but the secret's value is a list"),
                badValue("extract of plain text", SecretMapping.builder().dataProcess(DataProcess.extract(ref("s"))),
                        secrets("s", "hunter2"), "spec.dataProcess[0].extract", "plain text"),
                badValue("neither JSON nor YAML", SecretMapping.builder().dataProcess(DataProcess.extract(ref("s"))),
                        secrets("s", "a: b: c"), "spec.dataProcess[0].extract", "neither JSON nor YAML (line 1"),
                badValue("extracted key invalid", SecretMapping.builder().dataProcess(DataProcess.extract(ref("s"))),
                        secrets("s", "{\"ok\":0,\"a b\":1}"), "spec.dataProcess[0].extract",
                        "top-level key number 2 of the secret's object (3 characters) is not a valid Secret key"),
                badValue("rewritten key invalid", SecretMapping.builder().dataProcess(DataProcess.extract(ref("s"), new ReplaceRule("a", "a/"))),
                        secrets("s", "{\"a\":1}"), "spec.dataProcess[0].replaceRule", "number 1 of the secret's object after replaceRule"),
                badValue("two data entries, one key",
                        SecretMapping.builder().data(DataEntry.of(ref("a"), "k")).data(DataEntry.of(ref("b"), "k")),
                        secrets("a", "1", "b", "2"), "spec.data[1].name", "'k' is produced by both spec.data[0].name and spec.data[1].name"),
                badValue("alias and extracted key collide",
                        SecretMapping.builder().data(DataEntry.of(ref("a"), "a", new JmesPath("user", "user")))
                                .dataProcess(DataProcess.extract(ref("b"))),
                        secrets("a", "{\"user\":\"x\"}", "b", "{\"user\":\"y\"}"), "spec.dataProcess[0].extract",
                        "'user' is produced by both spec.data[0].jmesPath[0].objectAlias and spec.dataProcess[0].extract"),
                badValue("two extracted keys become one", SecretMapping.builder().dataProcess(DataProcess.extract(ref("s"), new ReplaceRule("^[ab]$", "k"))),
                        secrets("s", "{\"a\":1,\"b\":2}"), "spec.dataProcess[0].extract", "two keys of this secret both become Secret key 'k'"),
                badValue("over 1 MiB in total",
                        SecretMapping.builder().data(DataEntry.of(ref("a"), "a")).data(DataEntry.of(ref("b"), "b")),
                        secrets("a", big, "b", big), "spec", "more than the 1 MiB"),
                badValue("value never fetched", SecretMapping.builder().data(DataEntry.of(ref("missing"))),
                        secrets("other", "x"), "spec.data[0]", "no value was fetched for kms/missing"),
                badValue("binary value with jmesPath", SecretMapping.builder().data(DataEntry.of(ref("bin"), "b", new JmesPath("a", "a"))),
                        Map.of(ref("bin"), SecretValue.binary(new byte[] {(byte) 0xff, (byte) 0xfe}, "v1")),
                        "spec.data[0]", "binary data, not UTF-8 text"),
                badValue("jmesPath function on the wrong type", SecretMapping.builder().data(DataEntry.of(ref("s"), "s", new JmesPath("abs(name)", "n"))),
                        secrets("s", "{\"name\":\"tom\"}"), "spec.data[0].jmesPath[0].path", "cannot be evaluated"),
                badValue("template reads a missing key", SecretMapping.builder().data(DB).template(TemplateSpec.of(Map.of("url", "{{ .host }}"))),
                        DB_VALUE, "spec.target.template.data[url]", "map has no entry for key \"host\""),
                badValue("binary value into a text function",
                        SecretMapping.builder().data(DataEntry.of(ref("bin"), "bin")).template(TemplateSpec.of(Map.of("x", "{{ .bin | trim }}"))),
                        Map.of(ref("bin"), SecretValue.binary(new byte[] {(byte) 0xc3, 0x28}, "v1")),
                        "spec.target.template.data[x]", "trim needs text, but got binary data"));
    }

    static Arguments badValue(String name, SecretMapping.Builder mapping, Map<SourceRef, SecretValue> values, String field, String message) {
        return Arguments.of(Named.of(name, mapping.build()), values, field, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void valuesThatCannotBecomeASecretAreRefused(SecretMapping mapping, Map<SourceRef, SecretValue> values, String field, String message)
            throws TransformException {
        MappingTransform transform = MappingTransform.compile(mapping);
        assertThatThrownBy(() -> transform.apply(values))
                .isInstanceOfSatisfying(TransformException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(message);
    }

    @Test
    void withoutATemplateAMissingSecretsKeysAreHeldAndTheOthersWritten() throws TransformException {
        SourceRef a = ref("a");
        SourceRef b = ref("b");
        SourceRef c = ref("c");
        MappingTransform transform = MappingTransform.compile(SecretMapping.builder()
                .data(DataEntry.of(a, "a"))
                .data(DataEntry.of(b, "b", new JmesPath("user", "user")))
                .dataProcess(DataProcess.extract(c))
                .build());
        assertThat(transform.canDoWithout(b)).isTrue();
        assertThat(transform.canDoWithout(ref("unrelated"))).isFalse();

        DesiredState withoutB = transform.apply(Map.of(a, SecretValue.text("new-a", "v2"), c, SecretValue.text("{\"x\":1}", "v1")));
        assertThat(withoutB.keys()).containsExactly("a", "x");
        assertThat(withoutB.heldKeys()).as("the entry's name and aliases").containsExactly("b", "user");
        assertThat(withoutB.holdsOtherKeys()).isFalse();

        DesiredState withoutC = transform.apply(Map.of(a, SecretValue.text("new-a", "v2"), b, SecretValue.text("{\"user\":\"u\"}", "v1")));
        assertThat(withoutC.keys()).containsExactly("a", "user");
        assertThat(withoutC.holdsOtherKeys()).as("an extract's keys are not known before it is fetched").isTrue();
    }

    @Test
    void withATemplateEverySecretIsNeeded() throws TransformException {
        MappingTransform transform = MappingTransform.compile(SecretMapping.builder().data(DB)
                .data(DataEntry.of(ref("other"), "other")).template(TemplateSpec.of(Map.of("u", "{{ .user }}"))).build());
        assertThat(transform.canDoWithout(ref("other"))).isFalse();
        assertThatThrownBy(() -> transform.apply(DB_VALUE)).isInstanceOfSatisfying(TransformException.class,
                e -> assertThat(e.field()).isEqualTo("spec.data[1]"));
    }

    @Test
    void eachEntryReadsItsOwnVersion() throws TransformException {
        SourceRef current = SourceRef.stage("kms", "db", "ACSCurrent");
        SourceRef previous = SourceRef.stage("kms", "db", "ACSPrevious");
        SourceRef pinned = SourceRef.versionId("kms", "db", "v7");
        SecretMapping mapping = SecretMapping.builder()
                .data(DataEntry.of(current, "current")).data(DataEntry.of(previous, "previous")).data(DataEntry.of(pinned, "pinned"))
                .build();
        Map<SourceRef, SecretValue> values = Map.of(current, SecretValue.text("new", "v9"),
                previous, SecretValue.text("old", "v8"), pinned, SecretValue.text("seven", "v7"));
        assertThat(run(mapping, values)).isEqualTo(Map.of("current", "new", "previous", "old", "pinned", "seven"));
        assertThat(mapping.refs()).containsExactly(current, previous, pinned);
    }

    @Test
    void applyIsAPureFunctionOfItsInput() throws TransformException {
        MappingTransform transform = MappingTransform.compile(SecretMapping.builder().data(DB)
                .template(TemplateSpec.of(Map.of("a", "{{ .user }}", "b", "{{ range $k, $v := . }}{{ $k }}{{ end }}"))).build());
        DesiredState first = transform.apply(DB_VALUE);
        assertThat(transform.apply(DB_VALUE)).isEqualTo(first);
        assertThat(transform.apply(DB_VALUE).hash()).isEqualTo(first.hash());
        assertThat(new String(first.get("b"))).isEqualTo("passworduser");
    }

    @Test
    void justUnderTheSizeLimitIsAccepted() throws TransformException {
        String value = "x".repeat(1024 * 1024 - 1);
        assertThat(run(SecretMapping.builder().data(DataEntry.of(ref("a"), "a")).build(), secrets("a", value))).hasSize(1);
    }

    @Test
    void aKeyOf253CharactersIsAccepted() throws TransformException {
        String key = "k".repeat(253);
        assertThat(run(SecretMapping.builder().data(DataEntry.of(ref("a"), key)).build(), secrets("a", "v"))).containsOnlyKeys(key);
    }

    @Test
    void anEmptyMappingIsRefused() {
        assertThatThrownBy(() -> SecretMapping.builder().build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JmesPath(" ", "a")).isInstanceOf(IllegalArgumentException.class);
    }
}
