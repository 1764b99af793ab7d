package dev.secretsync.kms;

import com.aliyun.credentials.exception.CredentialException;
import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.credentials.provider.AlibabaCloudCredentialsProvider;
import dev.secretsync.core.spi.FailureKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link KmsAuth.FirstAvailable}: asks each tier in order until one produces a credential, then
 * keeps that tier. While none has succeeded every call tries them all again (a token file may
 * appear, a role may be granted). A tier whose STS or credentials server is unreachable, throttles
 * or fails (5xx) stops the walk: that failure is passing, and handing over to a lower tier would
 * keep a weaker identity for good. A tier's provider is built when it is first tried, so a tier
 * that cannot even be built (the ECS metadata service switched off) is just a tier that failed,
 * and tiers after the chosen one never start a refresher or open a connection.
 */
final class FirstAvailableCredentialsProvider implements AlibabaCloudCredentialsProvider {

    /** One tier: its name for messages and how to build its provider. */
    record Tier(String name, Supplier<AlibabaCloudCredentialsProvider> factory) {
    }

    private final List<Tier> tiers;
    private final List<AlibabaCloudCredentialsProvider> built = new ArrayList<>();
    private volatile AlibabaCloudCredentialsProvider chosen;
    private volatile String chosenName;

    FirstAvailableCredentialsProvider(List<Tier> tiers) {
        this.tiers = List.copyOf(tiers);
        for (int i = 0; i < this.tiers.size(); i++) {
            built.add(null);
        }
    }

    @Override
    public CredentialModel getCredentials() {
        AlibabaCloudCredentialsProvider tier = chosen;
        if (tier != null) {
            return tier.getCredentials();
        }
        return choose();
    }

    private synchronized CredentialModel choose() {
        if (chosen != null) {
            return chosen.getCredentials();
        }
        // Tier names first: the message is capped downstream, and which tiers were tried matters most.
        StringBuilder tried = new StringBuilder();
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < tiers.size(); i++) {
            try {
                if (built.get(i) == null) {
                    built.set(i, tiers.get(i).factory().get());
                }
                CredentialModel credential = built.get(i).getCredentials();
                chosen = built.get(i);
                chosenName = tiers.get(i).name();
                return credential;
            } catch (RuntimeException e) {
                if (e instanceof CredentialException credential && passing(credential)) {
                    throw credential;
                }
                tried.append(i == 0 ? "" : ", ").append("tier ").append(i + 1).append(' ').append(tiers.get(i).name());
                failures.append(i == 0 ? "" : "; ").append(i + 1).append(": ").append(e.getMessage());
            }
        }
        throw new CredentialException("no sign-in tier produced a credential (" + tried + "): " + failures);
    }

    private static boolean passing(CredentialException e) {
        FailureKind kind = KmsErrors.credentialFailure(e, "", List.of()).kind();
        return kind == FailureKind.RETRYABLE || kind == FailureKind.THROTTLED;
    }

    /** The name of the tier in use, or {@code null} before one succeeded. */
    String chosenTier() {
        return chosenName;
    }

    @Override
    public String getProviderName() {
        AlibabaCloudCredentialsProvider tier = chosen;
        return tier == null ? "first_available" : tier.getProviderName();
    }

    @Override
    public synchronized void close() {
        for (AlibabaCloudCredentialsProvider tier : built) {
            if (tier != null) {
                try {
                    tier.close();
                } catch (Exception ignored) {
                    // closing a refresher cannot fail in a way worth reporting
                }
            }
        }
    }
}
