package dev.secretsync.controller.reconcile;

import dev.secretsync.kms.KmsStoreConfig;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The controller's own stores (environment credentials) for entries without a
 * {@code secretStoreRef}: at KMS, and the same sign-in at the region's OOS endpoint
 * ({@code provider: oos}). Both {@code null} when the controller has no credentials.
 */
public record ControllerStores(KmsStoreConfig kms, KmsStoreConfig oos) {

    public static final ControllerStores NONE = new ControllerStores(null, null);

    /** Both stores of {@code credentials} (may be {@code null}), each adjusted by {@code customizer}. */
    public static ControllerStores of(KmsStoreConfig credentials, UnaryOperator<KmsStoreConfig.Builder> customizer) {
        if (credentials == null) {
            return NONE;
        }
        return new ControllerStores(customizer.apply(credentials.toBuilder()).build(),
                customizer.apply(credentials.toBuilder().service(KmsStoreConfig.Service.OOS).endpoint(null)).build());
    }

    /** The region of the controller's credentials, if it has any. */
    public Optional<String> region() {
        return Optional.ofNullable(kms).map(KmsStoreConfig::region);
    }
}
