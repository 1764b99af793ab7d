package dev.secretsync.transform;

import static dev.secretsync.transform.Fixtures.ref;
import static dev.secretsync.transform.Fixtures.run;
import static dev.secretsync.transform.Fixtures.secrets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.spi.TransformException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** data[].jmesPath and dataProcess[].extract/replaceRule, on a table of secret values. */
class JmesPathAndExtractTest {

    static final String README_JSON = "{\"name\":\"tom\",\"age\":18,\"friends\":[{\"name\":\"lily\"},{\"name\":\"mark\"}]}";

    /** Secret value, "path=alias" pairs, expected Secret data (the entry's name is "whole"). */
    static List<Arguments> jmesPathCases() {
        return List.of(
                c("README: friends[0].name from JSON", README_JSON, List.of("friends[0].name=friendname"), Map.of("friendname", "lily")),
                c("YAML input", "name: tom\nfriends:\n  - name: lily\n", List.of("friends[0].name=friendname"), Map.of("friendname", "lily")),
                c("string copied as-is, no quotes", "{\"password\":\"a\\\"b\\nc\"}", List.of("password=pw"), Map.of("pw", "a\"b\nc")),
                c("integer without .0", "{\"port\":5432}", List.of("port=port"), Map.of("port", "5432")),
                c("decimal without trailing zeros", "{\"ratio\":1.50}", List.of("ratio=r"), Map.of("r", "1.5")),
                c("exponent written out", "{\"n\":1e3}", List.of("n=n"), Map.of("n", "1000")),
                c("big integer kept exact", "{\"id\":12345678901234567890}", List.of("id=id"), Map.of("id", "12345678901234567890")),
                c("booleans", "{\"ssl\":true,\"debug\":false}", List.of("ssl=ssl", "debug=debug"), Map.of("ssl", "true", "debug", "false")),
                c("YAML numbers and booleans", "port: 5432\nssl: false\nratio: 0.25\n", List.of("port=p", "ssl=s", "ratio=r"),
                        Map.of("p", "5432", "s", "false", "r", "0.25")),
                c("YAML quoted number stays a string", "code: \"007\"\n", List.of("code=c"), Map.of("c", "007")),
                c("nested JSON map re-serialised as compact JSON with sorted keys", "{\"db\":{\"user\":\"u\",\"host\":\"h\",\"port\":1}}",
                        List.of("db=db"), Map.of("db", "{\"host\":\"h\",\"port\":1,\"user\":\"u\"}")),
                c("JSON list", "{\"tags\":[\"a\",2,true]}", List.of("tags=tags"), Map.of("tags", "[\"a\",2,true]")),
                c("JSON escapes like Go", "{\"m\":{\"q\":\"<a&b>\"}}", List.of("m=m"), Map.of("m", "{\"q\":\"\\u003ca\\u0026b\\u003e\"}")),
                c("nested YAML map re-serialised as YAML", "db:\n  user: u\n  host: h\n", List.of("db=db"), Map.of("db", "host: h\nuser: u\n")),
                c("numbers inside maps written as Go writes float64", "{\"m\":{\"a\":1.50,\"b\":1e3,\"c\":2.0,\"d\":7}}",
                        List.of("m=m"), Map.of("m", "{\"a\":1.5,\"b\":1000,\"c\":2,\"d\":7}")),
                c("YAML multi-line strings as literal blocks", "tls:\n  key: |\n    line1\n    line2\n", List.of("tls=tls"),
                        Map.of("tls", "key: |\n  line1\n  line2\n")),
                c("YAML list", "tags:\n- a\n- b\n", List.of("tags=tags"), Map.of("tags", "- a\n- b\n")),
                c("projection to a list", README_JSON, List.of("friends[*].name=names"), Map.of("names", "[\"lily\",\"mark\"]")),
                c("several paths", README_JSON, List.of("name=n", "age=a"), Map.of("n", "tom", "a", "18")),
                c("only matching paths are stored", README_JSON, List.of("name=n", "nope=x"), Map.of("n", "tom")),
                c("no path matches: whole value under name", README_JSON, List.of("nope=x"), Map.of("whole", README_JSON)),
                c("plain text value: whole value under name", "just-a-password", List.of("a.b=x"), Map.of("whole", "just-a-password")),
                c("empty value: whole value under name", "", List.of("a=x"), Map.of("whole", "")));
    }

    static Arguments c(String name, String value, List<String> paths, Map<String, String> expected) {
        return Arguments.of(Named.of(name, value), paths, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jmesPathCases")
    void jmesPath(String value, List<String> paths, Map<String, String> expected) throws TransformException {
        List<JmesPath> jmes = new ArrayList<>();
        for (String p : paths) {
            int eq = p.lastIndexOf('=');
            jmes.add(new JmesPath(p.substring(0, eq), p.substring(eq + 1)));
        }
        SecretMapping mapping = SecretMapping.builder().data(new DataEntry(ref("s"), "whole", jmes)).build();
        assertThat(run(mapping, secrets("s", value))).isEqualTo(expected);
    }

    @Test
    void withoutJmesPathTheValueIsStoredUnderNameWhichDefaultsToTheKey() throws TransformException {
        SecretMapping mapping = SecretMapping.builder()
                .data(DataEntry.of(ref("db-password")))
                .data(DataEntry.of(ref("api"), "api-token"))
                .build();
        assertThat(run(mapping, secrets("db-password", "{\"not\":\"parsed\"}", "api", "t0k")))
                .isEqualTo(Map.of("db-password", "{\"not\":\"parsed\"}", "api-token", "t0k"));
    }

    /** Secret value, replace rules as "source=>target", expected data. */
    static List<Arguments> extractCases() {
        return List.of(
                Arguments.of(Named.of("README: ^n.*e$ -> alibabacloud", README_JSON), List.of("^n.*e$=>alibabacloud"),
                        Map.of("alibabacloud", "tom", "age", "18", "friends", "[{\"name\":\"lily\"},{\"name\":\"mark\"}]")),
                Arguments.of(Named.of("YAML object, values re-serialised as YAML", "user: u\nport: 5432\nopts:\n  a: 1\n"), List.of(),
                        Map.of("user", "u", "port", "5432", "opts", "a: 1\n")),
                Arguments.of(Named.of("groups in the target, Go style", "{\"db_user\":\"u\",\"db_pass\":\"p\"}"),
                        List.of("^db_(?P<rest>.*)$=>DB_${rest}", "DB_(.)=>DB-$1"),
                        Map.of("DB-user", "u", "DB-pass", "p")),
                Arguments.of(Named.of("rules apply in order to every match", "{\"a.b.c\":\"x\"}"),
                        List.of("\\.=>_", "_=>-"), Map.of("a-b-c", "x")),
                Arguments.of(Named.of("unknown groups are empty, $1x names group '1x' as in Go", "{\"k\":\"v\"}"),
                        List.of("(k)=>$1x-${1}x$9${nope}"), Map.of("-kx", "v")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extractCases")
    void extract(String value, List<String> rules, Map<String, String> expected) throws TransformException {
        SecretMapping mapping = SecretMapping.builder()
                .dataProcess(new DataProcess(ref("s"), rules.stream().map(JmesPathAndExtractTest::rule).toList()))
                .build();
        assertThat(run(mapping, secrets("s", value))).isEqualTo(expected);
    }

    static ReplaceRule rule(String spec) {
        int arrow = spec.indexOf("=>");
        return new ReplaceRule(spec.substring(0, arrow), spec.substring(arrow + 2));
    }

    @Test
    void replaceRuleRewritesKeysButNeverValues() throws TransformException {
        SecretMapping mapping = SecretMapping.builder()
                .dataProcess(DataProcess.extract(ref("s"), new ReplaceRule("name", "user")))
                .build();
        assertThat(run(mapping, secrets("s", "{\"name\":\"name-of-user\"}"))).isEqualTo(Map.of("user", "name-of-user"));
    }

    @Test
    void theReadmeExampleAsAWhole() throws TransformException {
        SecretMapping mapping = SecretMapping.builder()
                .data(DataEntry.of(ref("test1"), "test1", new JmesPath("friends[0].name", "friendname")))
                .dataProcess(DataProcess.extract(ref("test2"), new ReplaceRule("^n.*e$", "alibabacloud")))
                .build();
        assertThat(run(mapping, secrets("test1", README_JSON, "test2", "{\"name\":\"jack\",\"age\":20}")))
                .isEqualTo(Map.of("friendname", "lily", "alibabacloud", "jack", "age", "20"));
        assertThat(mapping.refs()).containsExactly(ref("test1"), ref("test2"));
    }
}
