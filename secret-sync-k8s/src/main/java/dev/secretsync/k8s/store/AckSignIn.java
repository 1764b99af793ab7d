package dev.secretsync.k8s.store;

import dev.secretsync.kms.KmsAuth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ack-secret-manager's sign-in chain, for a SecretStore's {@code KMSAuth}/{@code OOSAuth} and for
 * the controller's own (environment) credentials alike. Tiers, in order, each only when configured:
 *
 * <ol>
 *   <li>RRSA: {@code ramRoleARN} + OIDC provider with a token (ServiceAccount or token file);</li>
 *   <li>AccessKey + AssumeRole of {@code ramRoleARN};</li>
 *   <li>the AccessKey itself;</li>
 *   <li>any further tiers given ({@link #then}, e.g. a credentials URI);</li>
 *   <li>the worker role (ECS instance RAM role), only with {@code --enable-worker-role}.</li>
 * </ol>
 *
 * A tier that cannot produce a credential hands over to the next ({@link KmsAuth#firstAvailable});
 * {@code remoteRamRoleARN} is assumed on top of whichever tier signs in.
 */
public final class AckSignIn {

    /** ack-secret-manager's role session name, used when a store names none. */
    public static final String SESSION_NAME = "ack-secret-manager";

    private KmsAuth rrsa;
    private KmsAuth accessKey;
    private String ramRoleArn;
    private KmsAuth.RoleSession session = defaultSession();
    private final List<KmsAuth> further = new ArrayList<>();
    private boolean workerRole;
    private String remoteRoleArn;
    private KmsAuth.RoleSession remoteSession = defaultSession();

    private AckSignIn() {
    }

    public static AckSignIn chain() {
        return new AckSignIn();
    }

    /** A role session named {@value #SESSION_NAME}, one hour. */
    public static KmsAuth.RoleSession defaultSession() {
        return KmsAuth.RoleSession.defaults().withSessionName(SESSION_NAME);
    }

    /** Tier 1: RRSA (an OIDC token file or supplier). */
    public AckSignIn rrsa(KmsAuth value) {
        this.rrsa = value;
        return this;
    }

    /** Tiers 2 and 3: an AccessKey (or STS token) pair. */
    public AckSignIn accessKey(KmsAuth value) {
        this.accessKey = value;
        return this;
    }

    /** The role assumed with the AccessKey (tier 2), and the session of that AssumeRole. */
    public AckSignIn ramRole(String roleArn, KmsAuth.RoleSession value) {
        this.ramRoleArn = roleArn;
        this.session = value;
        return this;
    }

    /** A further tier after the AccessKey ones. */
    public AckSignIn then(KmsAuth tier) {
        further.add(tier);
        return this;
    }

    /** The worker role as the last tier ({@code --enable-worker-role}). */
    public AckSignIn workerRole(boolean enabled) {
        this.workerRole = enabled;
        return this;
    }

    /** A cross-account role assumed on top of the chain. */
    public AckSignIn remoteRole(String roleArn, KmsAuth.RoleSession value) {
        this.remoteRoleArn = roleArn;
        this.remoteSession = value;
        return this;
    }

    /**
     * The sign-in, or empty when no tier is configured (then nothing signs in: the controller's own
     * credentials are never used in a store's place).
     *
     * @throws IllegalArgumentException from the KMS module's checks (a malformed role ARN, ...)
     */
    public Optional<KmsAuth> build() {
        List<KmsAuth> tiers = new ArrayList<>();
        if (rrsa != null) {
            tiers.add(rrsa);
        }
        if (accessKey != null && ramRoleArn != null) {
            tiers.add(KmsAuth.assumeRole(accessKey, ramRoleArn).withSession(session));
        }
        if (accessKey != null) {
            tiers.add(accessKey);
        }
        tiers.addAll(further);
        if (workerRole) {
            tiers.add(KmsAuth.ecsRamRole(null));
        }
        if (tiers.isEmpty()) {
            return Optional.empty();
        }
        KmsAuth auth = tiers.size() == 1 ? tiers.get(0) : KmsAuth.firstAvailable(tiers);
        return Optional.of(remoteRoleArn == null ? auth
                : KmsAuth.assumeRole(auth, remoteRoleArn).withSession(remoteSession));
    }
}
