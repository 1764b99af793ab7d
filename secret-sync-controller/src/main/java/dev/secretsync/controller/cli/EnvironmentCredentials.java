package dev.secretsync.controller.cli;

import dev.secretsync.controller.settings.ControllerSettings;
import dev.secretsync.k8s.store.AckSignIn;
import dev.secretsync.k8s.store.GoDuration;
import dev.secretsync.k8s.store.StoreResolver;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsStoreConfig;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The controller's own credentials (the default stores, used by entries without a
 * {@code secretStoreRef}), read from the environment variables ack-secret-manager reads, then the
 * standard {@code ALIBABA_CLOUD_*} ones. Only these variables are read, and the ECS metadata service
 * is used only with {@code --enable-worker-role}: nothing falls back to an implicit chain.
 *
 * <p>The same chain as a SecretStore's ({@link AckSignIn}), each tier only when configured and the
 * next one tried when it cannot sign in: RRSA (OIDC provider + role, with the token file), an
 * AccessKey assuming the role, the AccessKey itself, a credentials URI (ours), then the worker role.
 * A remote role ({@code ALICLOUD_REMOTE_ROLE_ARN}) is assumed on top. These credentials are never
 * used for a SecretStore.
 */
public final class EnvironmentCredentials {

    /** Where the chart's {@code rrsa.enable} projects the ServiceAccount token (as ack-secret-manager). */
    public static final Path DEFAULT_OIDC_TOKEN_FILE = StoreResolver.DEFAULT_OIDC_TOKEN_FILE;

    private final Map<String, String> env;

    private EnvironmentCredentials(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static EnvironmentCredentials of(Map<String, String> env) {
        return new EnvironmentCredentials(env);
    }

    /** The region: {@code --region}, else {@code ALIBABA_CLOUD_REGION_ID}, {@code ALICLOUD_REGION}, {@code ALICLOUD_REGION_ID}. */
    public Optional<String> region(ControllerSettings settings) {
        return settings.region().or(() -> first("ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION", "ALICLOUD_REGION_ID"));
    }

    /**
     * The default store's configuration, or empty when there is no region or no credentials (then
     * entries without a {@code secretStoreRef} fail with a clear reason instead of guessing).
     *
     * @throws IllegalArgumentException naming the variable when a value is malformed
     */
    public Optional<KmsStoreConfig> defaultStore(ControllerSettings settings) {
        Optional<String> region = region(settings);
        Optional<KmsAuth> auth = auth(settings.enableWorkerRole());
        if (region.isEmpty() || auth.isEmpty()) {
            return Optional.empty();
        }
        KmsStoreConfig.Builder b = KmsStoreConfig.builder().region(region.get()).auth(auth.get());
        settings.kmsEndpoint().ifPresent(b::endpoint);
        return Optional.of(b.build());
    }

    /** The sign-in the environment describes, if any. */
    public Optional<KmsAuth> auth(boolean enableWorkerRole) {
        Optional<String> roleArn = first("ALICLOUD_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN");
        Optional<String> oidcProvider = first("ALICLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN");
        KmsAuth.RoleSession session = roleSession();
        AckSignIn chain = AckSignIn.chain();
        if (oidcProvider.isPresent()) {
            if (roleArn.isEmpty()) {
                throw new IllegalArgumentException("ALICLOUD_OIDC_PROVIDER_ARN is set but ALICLOUD_ROLE_ARN is not");
            }
            Path tokenFile = first("ALICLOUD_OIDC_TOKEN_FILE", "ALICLOUD_OIDC_TOKEN_FILE_PATH", "ALIBABA_CLOUD_OIDC_TOKEN_FILE")
                    .map(Path::of).orElse(DEFAULT_OIDC_TOKEN_FILE);
            chain.rrsa(KmsAuth.oidcTokenFile(roleArn.get(), oidcProvider.get(), tokenFile).withSession(session));
        }
        chain.accessKey(accessKey().orElse(null));
        roleArn.ifPresent(arn -> chain.ramRole(arn, session));
        first("ALIBABA_CLOUD_CREDENTIALS_URI").ifPresent(uri -> chain.then(KmsAuth.credentialsUri(URI.create(uri))));
        chain.workerRole(enableWorkerRole);
        Optional<String> remoteRole = first("ALICLOUD_REMOTE_ROLE_ARN");
        if (remoteRole.isPresent()) {
            chain.remoteRole(remoteRole.get(), sessionName(AckSignIn.defaultSession(), "ALICLOUD_REMOTE_ROLE_SESSION_NAME"));
        }
        return chain.build();
    }

    private Optional<KmsAuth> accessKey() {
        Optional<String> id = first("ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_ID");
        Optional<String> secret = first("SECRET_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        if (id.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        if (id.isEmpty() || secret.isEmpty()) {
            throw new IllegalArgumentException("an AccessKey needs both ACCESS_KEY_ID and SECRET_ACCESS_KEY "
                    + "(or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET)");
        }
        Optional<String> token = first("ALIBABA_CLOUD_SECURITY_TOKEN");
        return Optional.of(token.isPresent() ? KmsAuth.stsToken(id.get(), secret.get(), token.get())
                : KmsAuth.accessKey(id.get(), secret.get()));
    }

    private KmsAuth.RoleSession roleSession() {
        KmsAuth.RoleSession session = sessionName(AckSignIn.defaultSession(),
                "ALICLOUD_ROLE_SESSION_NAME", "ALIBABA_CLOUD_ROLE_SESSION_NAME");
        Optional<String> expiration = first("ALICLOUD_ROLE_SESSION_EXPIRATION");
        if (expiration.isPresent()) {
            session = session.withDuration(seconds(expiration.get(), "ALICLOUD_ROLE_SESSION_EXPIRATION"));
        }
        return session;
    }

    private KmsAuth.RoleSession sessionName(KmsAuth.RoleSession session, String... names) {
        Optional<String> name = first(names);
        return name.isPresent() ? session.withSessionName(name.get()) : session;
    }

    /** Seconds, as ack-secret-manager takes them, or a Go duration. */
    static Duration seconds(String value, String variable) {
        try {
            return value.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(value))
                    : GoDuration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(variable + " must be a number of seconds or a duration like 1h, got '"
                    + value + "'");
        }
    }

    private Optional<String> first(String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
        }
        return Optional.empty();
    }
}
