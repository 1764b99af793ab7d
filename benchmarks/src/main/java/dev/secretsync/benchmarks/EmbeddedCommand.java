package dev.secretsync.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code embedded}: cached-read throughput and latency of {@code SecretSync.get} against Alibaba's
 * {@code SecretCacheClient} on the same emulator (JMH), then both clients through a KMS outage.
 * JMH's progress goes to stderr; stdout gets a summary and, as its last line, one JSON object.
 */
@Command(name = "embedded", mixinStandardHelpOptions = true,
        description = "Cached reads of SecretSync.get versus alibabacloud-secretsmanager-client, and a KMS outage.")
final class EmbeddedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "Reader thread counts, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--forks", defaultValue = "1",
            description = "JMH forks per benchmark; 0 runs in this JVM (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "--warmup-iterations", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
    int warmupIterations;

    @Option(names = "--iterations", defaultValue = "5", description = "Measured iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = {"--duration", "--iteration-time"}, defaultValue = "1s", converter = DurationConverter.class,
            description = "Length of each warm-up and measured iteration (default: ${DEFAULT-VALUE}).")
    Duration iterationTime;

    @Option(names = "--outage", defaultValue = "60s", converter = DurationConverter.class,
            description = "Length of the KMS outage (default: ${DEFAULT-VALUE}).")
    Duration outage;

    @Option(names = "--refresh", converter = DurationConverter.class,
            description = "Both clients' refresh interval / TTL in the outage scenario (default: outage / 6).")
    Duration refresh;

    @Option(names = "--read-interval", defaultValue = "10ms", converter = DurationConverter.class,
            description = "Pause between reads in the outage scenario (default: ${DEFAULT-VALUE}).")
    Duration readInterval;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "embedded");
        figures.put("nproc", Runtime.getRuntime().availableProcessors());
        figures.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        figures.put("threads", threads);
        figures.put("jmh_forks", forks);
        figures.put("jmh_warmup_iterations", warmupIterations);
        figures.put("jmh_iterations", iterations);
        figures.put("jmh_iteration_ms", iterationTime.toMillis());

        for (int t : threads) {
            Map<String, ReadFigures> byClient = new LinkedHashMap<>();
            for (RunResult result : runJmh(t)) {
                ReadFigures target = byClient.computeIfAbsent(result.getParams().getParam("client"), c -> new ReadFigures());
                if (result.getParams().getBenchmark().endsWith(".throughput")) {
                    target.opsPerSecond = medianIterationScore(result);
                } else {
                    target.p50Nanos = result.getPrimaryResult().getStatistics().getPercentile(50.0);
                    target.p99Nanos = result.getPrimaryResult().getStatistics().getPercentile(99.0);
                }
            }
            ReadFigures ss = byClient.getOrDefault(EmbeddedReadBenchmark.SECRETSYNC, new ReadFigures());
            ReadFigures peer = byClient.getOrDefault(EmbeddedReadBenchmark.PEER, new ReadFigures());
            ReadFigures tuned = byClient.getOrDefault(EmbeddedReadBenchmark.PEER_NO_JSON_TTL, new ReadFigures());
            String s = "_" + t + "t";
            putReads(figures, "secretsync", s, ss);
            putReads(figures, "peer", s, peer);
            figures.put("ratio" + s, round(ss.opsPerSecond / peer.opsPerSecond, 2));
            putReads(figures, "peer_no_json_ttl", s, tuned);
            figures.put("ratio_no_json_ttl" + s, round(ss.opsPerSecond / tuned.opsPerSecond, 2));
            out.printf(Locale.ROOT, "reads, %d thread(s): secretsync %,.0f ops/s (p50 %.0f ns, p99 %.0f ns); "
                            + "peer %,.0f ops/s (p50 %.0f ns, p99 %.0f ns); ratio %.2f; "
                            + "peer without JSON ttl lookup %,.0f ops/s (p50 %.0f ns, p99 %.0f ns); ratio %.2f%n",
                    t, ss.opsPerSecond, ss.p50Nanos, ss.p99Nanos, peer.opsPerSecond, peer.p50Nanos, peer.p99Nanos,
                    ss.opsPerSecond / peer.opsPerSecond, tuned.opsPerSecond, tuned.p50Nanos, tuned.p99Nanos,
                    ss.opsPerSecond / tuned.opsPerSecond);
        }

        Duration refreshInterval = refresh != null ? refresh : outage.dividedBy(6);
        out.printf(Locale.ROOT, "outage: %d ms of 503s, refresh/TTL %d ms, one read every %d ms per client ...%n",
                outage.toMillis(), refreshInterval.toMillis(), readInterval.toMillis());
        out.flush();
        OutageScenario.Result outcome = new OutageScenario(outage, refreshInterval, readInterval).run();
        figures.put("outage_s", round(outage.toMillis() / 1000.0, 3));
        figures.put("outage_refresh_s", round(refreshInterval.toMillis() / 1000.0, 3));
        putOutage(figures, "secretsync", outcome.secretSync(), out);
        putOutage(figures, "peer", outcome.peer(), out);

        out.println(new ObjectMapper().writeValueAsString(figures));
        out.flush();
        return 0;
    }

    private void validate() {
        if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must list counts >= 1");
        }
        if (forks < 0 || warmupIterations < 0 || iterations < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--forks and --warmup-iterations must be >= 0, --iterations >= 1");
        }
    }

    private Collection<RunResult> runJmh(int threadCount) throws Exception {
        TimeValue time = TimeValue.milliseconds(iterationTime.toMillis());
        Options options = new OptionsBuilder()
                .include(Pattern.quote(EmbeddedReadBenchmark.class.getName()) + "\\.(throughput|latency)$")
                .threads(threadCount)
                .forks(forks)
                .warmupIterations(warmupIterations)
                .warmupTime(time)
                .measurementIterations(iterations)
                .measurementTime(time)
                .shouldFailOnError(true)
                .build();
        return new Runner(options, OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run();
    }

    private static void putReads(Map<String, Object> figures, String client, String suffix, ReadFigures f) {
        figures.put(client + "_ops_per_s" + suffix, Double.isNaN(f.opsPerSecond) ? null : Math.round(f.opsPerSecond));
        figures.put(client + "_p50_ns" + suffix, round(f.p50Nanos, 1));
        figures.put(client + "_p99_ns" + suffix, round(f.p99Nanos, 1));
    }

    private static double medianIterationScore(RunResult result) {
        List<Double> scores = new ArrayList<>();
        result.getBenchmarkResults().forEach(b ->
                b.getIterationResults().forEach(i -> scores.add(i.getPrimaryResult().getScore())));
        scores.sort(Double::compare);
        int n = scores.size();
        return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
    }

    private static void putOutage(Map<String, Object> figures, String client, OutageScenario.Outcome o, PrintWriter out) {
        String p = client + "_outage_";
        figures.put(p + "reads", o.reads());
        figures.put(p + "served", o.served());
        figures.put(p + "errors", o.errors());
        figures.put(p + "error_types", o.errorTypes());
        figures.put(p + "max_read_ms", round(o.maxReadMs(), 1));
        figures.put(p + "blocked_reads", o.blockedReads());
        figures.put(p + "blocked_s", round(o.blockedSeconds(), 1));
        figures.put(p + "kms_calls", o.kmsCallsDuringOutage());
        figures.put(p + "kms_calls_after", o.kmsCallsAfterOutage());
        figures.put(p + "recovered", o.recovered());
        out.printf(Locale.ROOT, "outage, %s: %d reads, %d served, %d errors %s, max read %.1f ms, %d reads over %d ms "
                        + "(%.1f s blocked), %d KMS calls during the outage, %d after; serves the rotated value after: %s%n",
                client, o.reads(), o.served(), o.errors(), o.errorTypes(), o.maxReadMs(), o.blockedReads(),
                OutageScenario.BLOCKED_READ.toMillis(), o.blockedSeconds(), o.kmsCallsDuringOutage(), o.kmsCallsAfterOutage(),
                o.recovered());
    }

    /** Rounded, or null (JSON null) when there is no figure. */
    private static Double round(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static final class ReadFigures {
        double opsPerSecond = Double.NaN;
        double p50Nanos = Double.NaN;
        double p99Nanos = Double.NaN;
    }
}
