package dev.secretsync.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlainJavaExampleTest {

    @Test
    void theExampleSeesTheRotationAndPrintsNoValue() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        boolean seen = PlainJavaExample.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String output = buffer.toString(StandardCharsets.UTF_8);

        assertThat(seen).isTrue();
        assertThat(output).contains("listener: secret 'app-db' changed v1 -> ")
                .doesNotContain("first-password").doesNotContain("second-password");
    }
}
