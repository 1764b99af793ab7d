package dev.secretsync.controller.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Logging set up in code (no logback.xml in the jar, so embedding the library configures nothing):
 * one console appender, text or JSON lines.
 */
public final class Logging {

    public enum Format { text, json }

    /**
     * SDK loggers kept quiet whatever the level: credentials-java logs STS answers, which can quote
     * a security token; the HTTP stacks log request details at debug.
     */
    static final Map<String, Level> QUIET = Map.ofEntries(
            // "unstable version v1alpha1": the resources' version is ack-secret-manager's, on purpose.
            Map.entry("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", Level.OFF),
            // Netty reports a late listener of a connection closed during shutdown.
            Map.entry("io.netty.util.concurrent.DefaultPromise.rejectedExecution", Level.OFF),
            Map.entry("com.aliyun.credentials", Level.OFF),
            Map.entry("com.aliyun.tea", Level.WARN),
            Map.entry("com.aliyun.dkms", Level.WARN),
            Map.entry("io.vertx", Level.WARN),
            Map.entry("io.netty", Level.WARN),
            Map.entry("io.fabric8.mockwebserver", Level.WARN),
            // The API stand-in of render and local logs the objects it stores, Secret data included, at debug.
            Map.entry("io.fabric8.kubernetes.client.server.mock", Level.WARN));

    /** Held so that the JDK does not drop the level with a collected logger. */
    private static final java.util.logging.Logger JUL_MOCK_SERVER = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private Logging() {
    }

    /** The encoder of a format (not yet started). */
    static Encoder<ILoggingEvent> encoder(Format format) {
        if (format == Format.json) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithFormattedMessage(true); // one readable message instead of pattern + arguments
            json.setWithMessage(false);
            json.setWithArguments(false);
            return json;
        }
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n");
        return pattern;
    }

    /** Replaces any configuration; {@code stderr} keeps stdout free for {@code render}'s YAML. */
    public static void configure(Format format, String level, boolean stderr) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Encoder<ILoggingEvent> encoder = encoder(format);
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget(stderr ? "System.err" : "System.out");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(console);
        QUIET.forEach((name, quiet) -> context.getLogger(name).setLevel(quiet));
        JUL_MOCK_SERVER.setLevel(java.util.logging.Level.WARNING); // the API stand-in logs through JUL
    }
}
