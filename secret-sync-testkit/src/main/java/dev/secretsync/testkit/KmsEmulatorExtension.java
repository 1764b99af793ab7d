package dev.secretsync.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension: one {@link KmsEmulator} per test class, started before all tests and closed
 * after them. Counters and faults are reset before each test. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KmsEmulatorExtension KMS = KmsEmulatorExtension.withBuilder(b -> b.seed(SEED));
 *
 * Client client = KmsClients.client(KMS); // or as a parameter:
 * @Test
 * void reads(com.aliyun.kms20160120.Client client) throws Exception { ... }
 * }</pre>
 *
 * Parameters of type {@link KmsEmulator} and {@code com.aliyun.kms20160120.Client} are injected;
 * the SDK type is only touched when a test asks for it, so the SDK stays optional.
 */
public final class KmsEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {
    public static final String DEFAULT_ACCESS_KEY_ID = "test-access-key-id";
    public static final String DEFAULT_ACCESS_KEY_SECRET = "test-access-key-secret";
    private static final String SDK_CLIENT = "com.aliyun.kms20160120.Client";

    private final Consumer<KmsEmulator.Builder> customizer;
    private String accessKeyId = DEFAULT_ACCESS_KEY_ID;
    private String accessKeySecret = DEFAULT_ACCESS_KEY_SECRET;
    private KmsEmulator emulator;
    private Object owner;

    /** Used by {@link KmsEmulatorTest}: settings come from the annotation. */
    public KmsEmulatorExtension() {
        this.customizer = null;
    }

    private KmsEmulatorExtension(Consumer<KmsEmulator.Builder> customizer) {
        this.customizer = customizer;
    }

    /** An emulator with the default access key and whatever the customizer adds (seed, https, clock...). */
    public static KmsEmulatorExtension withBuilder(Consumer<KmsEmulator.Builder> customizer) {
        return new KmsEmulatorExtension(customizer);
    }

    /** Sets the access key the emulator accepts and the injected client signs with. */
    public KmsEmulatorExtension accessKey(String id, String secret) {
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("access key id and secret must not be blank");
        }
        this.accessKeyId = id;
        this.accessKeySecret = secret;
        return this;
    }

    public KmsEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("the emulator starts before all tests of the class");
        }
        return emulator;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String accessKeySecret() {
        return accessKeySecret;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (emulator != null) {
            return; // a nested class shares its outer class's emulator
        }
        KmsEmulator.Builder builder = KmsEmulator.builder();
        if (customizer != null) {
            builder.accessKey(accessKeyId, accessKeySecret);
            customizer.accept(builder);
        } else {
            Optional<KmsEmulatorTest> annotation =
                    AnnotationSupport.findAnnotation(context.getRequiredTestClass(), KmsEmulatorTest.class);
            KmsEmulatorTest settings = annotation.orElse(null);
            if (settings != null) {
                accessKeyId = settings.accessKeyId();
                accessKeySecret = settings.accessKeySecret();
                builder.https(settings.https());
                if (!settings.seed().isEmpty()) {
                    builder.seed(readResource(context.getRequiredTestClass(), settings.seed()));
                }
            }
            builder.accessKey(accessKeyId, accessKeySecret);
        }
        emulator = builder.build().start();
        owner = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null && context.getUniqueId().equals(owner)) {
            emulator.close();
            emulator = null;
            owner = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emulator != null) {
            emulator.resetCounters();
            emulator.faults().clear();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KmsEmulator.class || type.getName().equals(SDK_CLIENT);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (emulator == null) {
            throw new ParameterResolutionException("the KMS emulator is not running");
        }
        if (type == KmsEmulator.class) {
            return emulator;
        }
        // Only reached when a test asks for the SDK client, so the SDK is on the class path then.
        return KmsClients.client(this);
    }

    private static String readResource(Class<?> testClass, String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        try (InputStream in = testClass.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("seed resource not found on the class path: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
