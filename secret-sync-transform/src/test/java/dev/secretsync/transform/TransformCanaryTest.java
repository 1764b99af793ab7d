package dev.secretsync.transform;

import static dev.secretsync.transform.Fixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import dev.secretsync.core.spi.TransformException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A canary secret goes into every failing path; no message, cause or stack trace may show it. */
class TransformCanaryTest {

    static final String CANARY = "CANARY-7f3a9c";

    static List<Arguments> failures() {
        return List.of(
                failure("invalid JSON that is not YAML either", extract(), "{\"a\": \"" + CANARY + "\", : }"),
                failure("YAML with a syntax error on the canary", extract(), "a: " + CANARY + ": b"),
                failure("extract of a canary string", extract(), CANARY),
                failure("extract of a canary list", extract(), "[\"" + CANARY + "\"]"),
                failure("jmesPath function error", SecretMapping.builder()
                        .data(DataEntry.of(ref("s"), "s", new JmesPath("abs(p)", "p"))).build(), "{\"p\":\"" + CANARY + "\"}"),
                failure("fromJson of the canary", template("{{ .s | fromJson }}"), CANARY),
                failure("b64dec of the canary", template("{{ .s | b64dec }}"), CANARY),
                failure("printf %d of the canary", template("{{ printf \"%d\" .s }}"), CANARY),
                failure("printf with an extra argument", template("{{ printf \"x\" .s }}"), CANARY),
                failure("comparison of the canary", template("{{ lt .s 1 }}"), CANARY),
                failure("field of the canary", template("{{ .s.field }}"), CANARY),
                failure("range over the canary", template("{{ range .s }}{{ end }}"), CANARY),
                failure("canary as a JSON key that becomes an invalid Secret key", extract(), "{\"a\":1,\"" + CANARY + " x\":\"v\"}"),
                failure("canary value under a duplicated key", SecretMapping.builder()
                        .data(DataEntry.of(ref("s"), "k")).data(DataEntry.of(ref("t"), "k")).build(), CANARY),
                failure("canary over the size limit", SecretMapping.builder().data(DataEntry.of(ref("s"), "k")).build(),
                        CANARY.repeat(90_000)));
    }

    static Arguments failure(String name, SecretMapping mapping, String value) {
        return Arguments.of(Named.of(name, mapping), value);
    }

    static SecretMapping extract() {
        return SecretMapping.builder().dataProcess(DataProcess.extract(ref("s"))).build();
    }

    static SecretMapping template(String template) {
        return SecretMapping.builder().data(DataEntry.of(ref("s"), "s")).template(TemplateSpec.of(Map.of("out", template))).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void theCanaryNeverAppearsInAFailure(SecretMapping mapping, String value) throws TransformException {
        MappingTransform transform = MappingTransform.compile(mapping);
        Map<SourceRef, SecretValue> values = Map.of(ref("s"), SecretValue.text(value, "v1"), ref("t"), SecretValue.text(CANARY, "v1"));
        Throwable thrown = catchThrowable(() -> transform.apply(values));
        assertThat(thrown).isInstanceOf(TransformException.class);
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(CANARY).doesNotContain("7f3a9c");
        assertThat(((TransformException) thrown).field()).doesNotContain(CANARY);
        assertThat(transform.toString()).doesNotContain(CANARY);
    }

    @Test
    void aSuccessfulResultShowsKeysOnly() throws TransformException {
        MappingTransform transform = MappingTransform.compile(template("{{ .s | upper }}-{{ .s }}"));
        var state = transform.apply(Map.of(ref("s"), SecretValue.text(CANARY, "v1")));
        assertThat(new String(state.get("out"))).contains(CANARY);
        assertThat(state.toString()).doesNotContain(CANARY);
    }
}
