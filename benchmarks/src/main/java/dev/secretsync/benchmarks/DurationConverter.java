package dev.secretsync.benchmarks;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code 500ms}, {@code 2s}, {@code 1m} or an ISO-8601 duration ({@code PT2S}). */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m)");

    @Override
    public Duration convert(String text) {
        Duration duration = parse(text);
        if (duration.isNegative() || duration.isZero()) {
            throw new TypeConversionException("a duration must be positive: '" + text + "'");
        }
        return duration;
    }

    private static Duration parse(String text) {
        Matcher m = SIMPLE.matcher(text.trim());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new TypeConversionException("not a duration: '" + text + "' (use 500ms, 2s, 1m or PT2S)");
        }
    }
}
