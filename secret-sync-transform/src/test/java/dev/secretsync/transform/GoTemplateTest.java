package dev.secretsync.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** The Go template evaluator against outputs Go's text/template with Sprig gives for the same input. */
class GoTemplateTest {

    static final Map<String, Object> DATA = data();

    static Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("user", "admin");
        d.put("password", "p@ss w0rd");
        d.put("key-with-dash", "dashed");
        d.put("padded", "  \t spaced \n");
        d.put("empty", "");
        d.put("b64", "aGVsbG8=");
        d.put("json", "{\"host\":\"db\",\"port\":5432,\"tags\":[\"a\",\"b\"],\"ssl\":true}");
        d.put("multi", "line1\nline2");
        d.put("html", "a<b>&c");
        return d;
    }

    static String render(String template) throws TemplateError {
        return new String(GoTemplate.parse(template, 1 << 20).render(DATA), StandardCharsets.UTF_8);
    }

    static List<Arguments> cases() {
        return List.of(
                c("plain text", "hello", "hello"),
                c("field", "{{ .user }}", "admin"),
                c("field without spaces", "{{.user}}:{{.password}}", "admin:p@ss w0rd"),
                c("index for dashed keys", "{{ index . \"key-with-dash\" }}", "dashed"),
                c("index of a missing key is nil, default fills in", "{{ index . \"nope\" | default \"fallback\" }}", "fallback"),
                c("root variable", "{{ $.user }}", "admin"),
                c("b64enc", "{{ .user | b64enc }}", "YWRtaW4="),
                c("b64dec", "{{ .b64 | b64dec }}", "hello"),
                c("pipeline b64enc then quote", "{{ .user | b64enc | quote }}", "\"YWRtaW4=\""),
                c("upper", "{{ .user | upper }}", "ADMIN"),
                c("lower", "{{ \"MiXeD\" | lower }}", "mixed"),
                c("trim", "[{{ .padded | trim }}]", "[spaced]"),
                c("quote escapes as Go's %q", "{{ .multi | quote }}", "\"line1\\nline2\""),
                c("squote", "{{ .user | squote }}", "'admin'"),
                c("default on empty", "{{ .empty | default \"x\" }}", "x"),
                c("default keeps a value", "{{ .user | default \"x\" }}", "admin"),
                c("replace", "{{ .password | replace \" \" \"_\" }}", "p@ss_w0rd"),
                c("toJson of a string escapes like Go", "{{ .html | toJson }}", "\"a\\u003cb\\u003e\\u0026c\""),
                c("fromJson then field", "{{ (.json | fromJson).host }}", "db"),
                c("fromJson number prints without .0", "{{ (fromJson .json).port }}", "5432"),
                c("fromJson then toJson sorts keys", "{{ .json | fromJson | toJson }}",
                        "{\"host\":\"db\",\"port\":5432,\"ssl\":true,\"tags\":[\"a\",\"b\"]}"),
                c("printf", "{{ printf \"%s:%s@%d\" .user .password 5432 }}", "admin:p@ss w0rd@5432"),
                c("printf width and %q", "{{ printf \"%-6s|%q|%05d|%.2f|%%\" \"ab\" \"x\" 42 3.14159 }}", "ab    |\"x\"|00042|3.14|%"),
                c("toString of a number", "{{ 42 | toString }}", "42"),
                c("indent", "{{ .multi | indent 2 }}", "  line1\n  line2"),
                c("nindent", "key:{{ .multi | nindent 4 }}", "key:\n    line1\n    line2"),
                c("trim markers", "a  {{- .user -}}  \n b", "aadminb"),
                c("comment", "x{{/* a comment */}}y", "xy"),
                c("if else", "{{ if .empty }}yes{{ else }}no{{ end }}", "no"),
                c("else if", "{{ if .empty }}1{{ else if .user }}2{{ else }}3{{ end }}", "2"),
                c("if with eq", "{{ if eq .user \"admin\" }}root{{ end }}", "root"),
                c("and/or/not", "{{ and .user .empty }}|{{ or .empty .user }}|{{ not .empty }}", "|admin|true"),
                c("with rebinds dot", "{{ with .user }}<{{ . }}>{{ end }}", "<admin>"),
                c("with else", "{{ with .empty }}x{{ else }}none{{ end }}", "none"),
                c("range over a list", "{{ range (.json | fromJson).tags }}[{{ . }}]{{ end }}", "[a][b]"),
                c("range with index and value", "{{ range $i, $t := (fromJson .json).tags }}{{ $i }}={{ $t }} {{ end }}", "0=a 1=b "),
                c("range over a map is sorted", "{{ range $k, $v := fromJson \"{\\\"b\\\":2,\\\"a\\\":1}\" }}{{ $k }}{{ $v }}{{ end }}", "a1b2"),
                c("range else", "{{ range (fromJson \"[]\") }}x{{ else }}empty{{ end }}", "empty"),
                c("variables", "{{ $u := .user }}{{ $u }}-{{ $u | upper }}", "admin-ADMIN"),
                c("len counts bytes like Go", "{{ len .user }}", "5"),
                c("print joins strings without spaces", "{{ print \"a\" \"b\" 1 2 }}", "ab1 2"),
                c("raw string literal", "{{ `a\\nb` }}", "a\\nb"),
                c("a dockerconfigjson template", "{\"auths\":{\"reg\":{\"auth\":\"{{ printf \"%s:%s\" .user .password | b64enc }}\"}}}",
                        "{\"auths\":{\"reg\":{\"auth\":\"YWRtaW46cEBzcyB3MHJk\"}}}"),
                c("sha256sum", "{{ \"abc\" | sha256sum }}", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                c("contains/hasPrefix/hasSuffix", "{{ contains \"dm\" .user }}{{ hasPrefix \"ad\" .user }}{{ hasSuffix \"x\" .user }}", "truetruefalse"),
                c("trimPrefix/trimSuffix", "{{ .user | trimPrefix \"ad\" | trimSuffix \"in\" }}", "m"),
                c("}} inside a string", "{{ \"}}\" }}", "}}"),
                c("{{-1}} is a number, not a trim marker", "a {{-1}}", "a -1"),
                c("trimmed comment", "a {{- /* c */ -}} b", "ab"),
                c("string escapes", "{{ \"\\u00e9\\t\" | quote }}", "\"\u00e9\\t\""),
                c("with declares a variable", "{{ with $x := .user }}{{ $x }}{{ end }}", "admin"),
                c("assignment reaches the outer variable", "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2"),
                c("piped value is the last argument", "{{ .user | printf \"%s!\" }}", "admin!"),
                c("eq with several candidates", "{{ eq .user \"a\" \"admin\" }}", "true"),
                c("and with a parenthesised comparison", "{{ if and .user (eq .user \"admin\") }}y{{ end }}", "y"),
                c("or returns the last value when all are empty", "[{{ or .empty \"\" }}]", "[]"),
                c("$ inside range", "{{ range (fromJson .json).tags }}{{ $.user }}{{ end }}", "adminadmin"),
                c("float and hex literals", "{{ 1.5 }} {{ 0x1F }} {{ 2.0 }}", "1.5 31 2"),
                c("else with", "{{ with .empty }}a{{ else with .user }}{{ . }}{{ end }}", "admin"));
    }

    static Arguments c(String name, String template, String expected) {
        return Arguments.of(Named.of(name, template), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersAsGoDoes(String template, String expected) throws TemplateError {
        assertThat(render(template)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {{ .missing }}                     | map has no entry for key "missing"
            {{ .user.name }}                   | can't evaluate field name in type string
            {{ $nope }}                        | undefined variable: $nope
            {{ .user 1 }}                      | can't give argument to non-function .user
            {{ upper }}                        | wrong number of args for upper: want 1 got 0
            {{ b64dec "%%%" }}                 | b64dec: the input is not valid base64
            {{ fromJson "{" }}                 | fromJson: the input is not valid JSON
            {{ printf "%d" .user }}            | printf: %d needs an integer, got string
            {{ printf "%s %s" .user }}         | printf: missing argument for %s
            {{ printf "%s" .user .user }}      | printf: 1 extra argument(s) for the format
            {{ printf "%z" .user }}            | printf: verb %z is not supported
            {{ lt .user 1 }}                   | lt: incompatible types for comparison (string and int)
            {{ range .user }}{{ end }}         | range can't iterate over string
            {{ if .user }}                     | {{if}} has no matching {{end}}
            {{ end }}                          | unexpected {{end}}
            {{ .user                           | unclosed action
            {{ template "x" }}                 | {{template}} is not supported
            {{ ( .user }}                      | unclosed left paren
            {{ nil }}                          | nil is not a command
            {{ break }}                        | {{break}} is not supported
            """)
    void reportsErrorsLikeGo(String template, String message) {
        assertThatThrownBy(() -> render(template)).isInstanceOf(TemplateError.class).hasMessageContaining(message);
    }

    @Test
    void anUnsupportedFunctionIsRejectedWhenParsedNamingIt() {
        assertThatThrownBy(() -> GoTemplate.parse("{{ .user | env }}", 100))
                .isInstanceOf(TemplateError.class)
                .hasMessageContaining("function \"env\" is not supported")
                .hasMessageContaining("b64enc");
    }

    @Test
    void errorsCarryTheLine() {
        assertThatThrownBy(() -> render("a\nb\n{{ .missing }}")).hasMessageStartingWith("line 3: ");
    }

    @Test
    void binaryDataIsWrittenAsItIsButRefusedWhereTextIsNeeded() throws TemplateError {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1};
        Map<String, Object> data = Map.of("bin", TemplateValues.fromBytes(binary));
        assertThat(GoTemplate.parse("{{ .bin }}", 100).render(data)).containsExactly(binary);
        assertThat(GoTemplate.parse("{{ .bin | b64enc }}", 100).render(data))
                .asString().isEqualTo("//4AAQ==");
        assertThatThrownBy(() -> GoTemplate.parse("{{ .bin | upper }}", 100).render(data))
                .hasMessageContaining("upper needs text, but got binary data");
        assertThatThrownBy(() -> GoTemplate.parse("{{ printf \"%s\" .bin }}", 100).render(data))
                .hasMessageContaining("needs text, but got binary data");
    }

    @Test
    void outputIsCapped() {
        assertThatThrownBy(() -> GoTemplate.parse("{{ .json }}{{ .json }}", 100).render(DATA))
                .hasMessageContaining("output exceeds 100 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ eq .password 1 }}", "{{ printf \"%d\" .password }}", "{{ .password | fromJson }}",
            "{{ .password | b64dec }}", "{{ lt .password 3 }}", "{{ .password.x }}", "{{ index .password 1 }}"})
    void errorMessagesNeverQuoteTheData(String template) {
        assertThatThrownBy(() -> render(template)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("p@ss"));
    }
}
