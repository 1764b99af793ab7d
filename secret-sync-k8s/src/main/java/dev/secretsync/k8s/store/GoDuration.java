package dev.secretsync.k8s.store;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go duration strings ({@code 1h30m}, {@code 90s}, {@code 500ms}), as Kubernetes manifests write them. */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    /** A number and what follows it up to the next digit: where Go reports a missing or unknown unit. */
    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)([^\\d.]*)");
    private static final String UNITS = "valid units are ns, us, ms, s, m, h; e.g. 90s, 2m, 1h30m";

    private GoDuration() {
    }

    /**
     * @throws IllegalArgumentException if {@code text} is not a non-negative Go duration; the message
     *     says what is wrong as Go's {@code time.ParseDuration} does (missing unit, unknown unit)
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("duration is empty (" + UNITS + ")");
        }
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        int end = 0;
        double nanos = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw invalid(text);
            }
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            end = m.end();
        }
        if (end != s.length() || end == 0) {
            throw invalid(text);
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    private static IllegalArgumentException invalid(String text) {
        Matcher m = NUMBER_AND_UNIT.matcher(text.trim());
        while (m.find()) {
            if (m.group(2).isEmpty()) {
                return new IllegalArgumentException("missing unit in duration \"" + text + "\" (" + UNITS + ")");
            }
            if (!PART.matcher(m.group()).matches()) {
                return new IllegalArgumentException("unknown unit \"" + m.group(2) + "\" in duration \"" + text
                        + "\" (" + UNITS + ")");
            }
        }
        return new IllegalArgumentException("invalid duration \"" + text + "\" (" + UNITS + ")");
    }
}
