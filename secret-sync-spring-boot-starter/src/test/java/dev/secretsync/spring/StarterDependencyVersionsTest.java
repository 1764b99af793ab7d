package dev.secretsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The libraries that the starter (under Spring Boot's BOM) and the controller (under the parent's
 * pins) both ship resolve to the same versions: an upgrade of Boot that moves one fails here, and
 * the parent's pin moves with it.
 */
class StarterDependencyVersionsTest {

    /** artifactId -> a class of it. */
    static final Map<String, String> SHARED = Map.of(
            "gson", "com.google.gson.Gson",
            "json-path", "com.jayway.jsonpath.JsonPath",
            "json-smart", "net.minidev.json.JSONValue",
            "commons-codec", "org.apache.commons.codec.binary.Base64",
            "kotlin-stdlib", "kotlin.Unit",
            "bcprov-jdk18on", "org.bouncycastle.jce.provider.BouncyCastleProvider",
            "protobuf-java", "com.google.protobuf.Message",
            "jackson-databind", "com.fasterxml.jackson.databind.ObjectMapper");

    @Test
    void sharedLibrariesResolveAsInTheController() throws Exception {
        for (Map.Entry<String, String> library : SHARED.entrySet()) {
            String expected = System.getProperty("controller." + library.getKey() + ".version");
            assertThat(expected).as("surefire passes the parent's version of " + library.getKey()).isNotBlank();
            Path jar = Path.of(Class.forName(library.getValue()).getProtectionDomain().getCodeSource().getLocation().toURI());
            assertThat(jar.getFileName().toString()).as(library.getKey())
                    .isEqualTo(library.getKey() + "-" + expected + ".jar");
        }
    }
}
