package dev.secretsync.spring.config;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports a property from an imported secret that does not bind (for example text where an
 * {@code int} is wanted) without its value: Spring Boot's own report prints {@code Value: "..."}.
 * Runs ahead of Spring Boot's analyzer, and only for properties of a {@link SecretPropertySource}.
 */
public final class SecretBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        ConfigurationProperty property = cause.getProperty();
        if (property == null || property.getSource() == null
                || !(property.getSource().getUnderlyingSource() instanceof SecretPropertySource secret)) {
            return null;
        }
        String description = "Failed to bind property '" + property.getName() + "' to "
                + cause.getTarget().getType() + ".\n\n    Source: secret '" + secret.ref().name()
                + "' (spring.config.import)\n    Value: (not shown: it comes from a secret)\n    Reason: "
                + reason(cause);
        String action = "Check the value of secret '" + secret.ref().name() + "' in the secret store, or change the "
                + "type of the property that binds it.";
        return new FailureAnalysis(description, action, cause);
    }

    /** The kinds of failure in the chain, never their messages (they quote the value). */
    private static String reason(BindException cause) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = cause.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            b.append(b.length() == 0 ? "" : " caused by ").append(t.getClass().getSimpleName());
        }
        return b.length() == 0 ? "the value does not convert" : b.toString();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
