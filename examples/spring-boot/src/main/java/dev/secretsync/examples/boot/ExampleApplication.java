package dev.secretsync.examples.boot;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Imports secrets at start-up ({@code spring.config.import=secret-sync:...}), keeps a
 * {@code @ConfigurationProperties} bean and the HikariCP pool on the current versions, and logs
 * every {@code SecretChangedEvent}.
 *
 * <p>{@code --spring.profiles.active=local} runs it against an in-process KMS emulator that
 * rotates the database password every 20 seconds.
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(GreetingProperties.class)
public class ExampleApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(ExampleApplication.class);
        if (localProfileRequested(args)) {
            // The config import runs before any bean exists, so the emulator starts first.
            LocalKms kms = LocalKms.start();
            app.setDefaultProperties(kms.properties());
            app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("localKms", kms));
        }
        app.run(args);
    }

    static boolean localProfileRequested(String[] args) {
        String fromArgs = Arrays.stream(args).filter(a -> a.startsWith("--spring.profiles.active="))
                .map(a -> a.substring("--spring.profiles.active=".length())).findFirst().orElse(null);
        String profiles = fromArgs != null ? fromArgs
                : System.getProperty("spring.profiles.active", System.getenv().getOrDefault("SPRING_PROFILES_ACTIVE", ""));
        return Arrays.asList(profiles.split(",")).contains("local");
    }
}
