package dev.secretsync.controller.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The encoders on their own (configure() resets the process' logging, which other tests share). */
class LoggingTest {

    private static String encode(Logging.Format format) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        Encoder<ILoggingEvent> encoder = Logging.encoder(format);
        encoder.setContext(context);
        encoder.start();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("dev.secretsync.Test"), Level.INFO,
                "synced {} keys of {}", null, new Object[] {3, "apps/db"});
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void jsonIsOneObjectPerLine() throws Exception {
        String line = encode(Logging.Format.json);
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("loggerName").asText()).isEqualTo("dev.secretsync.Test");
        assertThat(json.get("formattedMessage").asText()).isEqualTo("synced 3 keys of apps/db");
    }

    @Test
    void textIsALine() {
        assertThat(encode(Logging.Format.text)).contains(" INFO ").contains("dev.secretsync.Test - synced 3 keys of apps/db")
                .endsWith(System.lineSeparator());
    }

    @Test
    void sdkLoggersThatCanQuoteTokensAreOff() {
        assertThat(Logging.QUIET).containsEntry("com.aliyun.credentials", Level.OFF);
    }
}
