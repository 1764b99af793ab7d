package dev.secretsync.examples.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings from the secret {@code app-config}; rebound in place when it changes. */
@ConfigurationProperties("app")
public class GreetingProperties {

    private String greeting;

    public String getGreeting() {
        return greeting;
    }

    public void setGreeting(String greeting) {
        this.greeting = greeting;
    }
}
