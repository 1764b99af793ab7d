package dev.secretsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class BenchmarksMainTest {

    @Test
    void anUnknownCommandOrBadOptionIsAUsageError() {
        assertThat(BenchmarksMain.run("nope")).isEqualTo(2);
        assertThat(BenchmarksMain.run("embedded", "--threads", "0")).isEqualTo(2);
        assertThat(BenchmarksMain.run("embedded", "--outage", "soon")).isEqualTo(2);
        assertThat(BenchmarksMain.run("scale", "--bindings", "5", "--secrets", "10")).isEqualTo(2);
        assertThat(BenchmarksMain.run("scale", "--interval", "never")).isEqualTo(2);
    }

    @Test
    void durationsAreReadInShortOrIsoForm() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(converter.convert("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(converter.convert("PT60S")).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> converter.convert("0s")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("later")).isInstanceOf(TypeConversionException.class);
    }
}
