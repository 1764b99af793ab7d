package dev.secretsync.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a {@link KmsEmulator} for the annotated test class and injects it (and, when the SDK is on
 * the class path, a configured {@code com.aliyun.kms20160120.Client}) into test methods,
 * constructors and lifecycle methods. For full control, register a {@link KmsEmulatorExtension}
 * with {@code @RegisterExtension} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KmsEmulatorExtension.class)
public @interface KmsEmulatorTest {
    /** A seed file on the test class path (e.g. "kms-seed.yaml"); empty for none. */
    String seed() default "";

    /** Serve KMS over HTTPS (the injected client trusts the emulator's certificate). */
    boolean https() default false;

    String accessKeyId() default KmsEmulatorExtension.DEFAULT_ACCESS_KEY_ID;

    String accessKeySecret() default KmsEmulatorExtension.DEFAULT_ACCESS_KEY_SECRET;
}
