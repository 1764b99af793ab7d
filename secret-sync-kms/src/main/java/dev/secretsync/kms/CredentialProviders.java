package dev.secretsync.kms;

import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.credentials.provider.AlibabaCloudCredentialsProvider;
import com.aliyun.credentials.provider.EcsRamRoleCredentialProvider;
import com.aliyun.credentials.provider.OIDCRoleArnCredentialProvider;
import com.aliyun.credentials.provider.RamRoleArnCredentialProvider;
import com.aliyun.credentials.provider.StaticCredentialsProvider;
import com.aliyun.credentials.provider.URLCredentialProvider;
import com.aliyun.credentials.utils.AuthConstant;
import com.aliyun.credentials.utils.ProviderName;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds credentials-java providers from a {@link KmsAuth}. Every setting is passed explicitly, so
 * no provider falls back to environment variables (role ARN, session name, STS region) on its own.
 * The session providers cache their credential and refresh it 15 minutes before it expires.
 */
final class CredentialProviders {

    private CredentialProviders() {
    }

    static AlibabaCloudCredentialsProvider create(KmsAuth auth, KmsStoreConfig store) {
        int connectMillis = (int) store.connectTimeout().toMillis();
        int readMillis = (int) store.readTimeout().toMillis();
        if (auth instanceof KmsAuth.AccessKey ak) {
            return StaticCredentialsProvider.builder()
                    .credential(CredentialModel.builder()
                            .accessKeyId(ak.accessKeyId())
                            .accessKeySecret(ak.accessKeySecret())
                            .type(AuthConstant.ACCESS_KEY)
                            .providerName(ProviderName.STATIC_AK)
                            .build())
                    .build();
        }
        if (auth instanceof KmsAuth.StsToken sts) {
            return StaticCredentialsProvider.builder()
                    .credential(CredentialModel.builder()
                            .accessKeyId(sts.accessKeyId())
                            .accessKeySecret(sts.accessKeySecret())
                            .securityToken(sts.securityToken())
                            .type(AuthConstant.STS)
                            .providerName(ProviderName.STATIC_STS)
                            .build())
                    .build();
        }
        if (auth instanceof KmsAuth.AssumeRole role) {
            return RamRoleArnCredentialProvider.builder()
                    .credentialsProvider(create(role.base(), store))
                    .roleArn(role.roleArn())
                    .roleSessionName(role.session().sessionName())
                    .durationSeconds((int) role.session().duration().toSeconds())
                    .externalId(role.externalId())
                    .STSEndpoint(store.stsEndpointFor(role.session()))
                    .connectionTimeout(connectMillis)
                    .readTimeout(readMillis)
                    .build();
        }
        if (auth instanceof KmsAuth.OidcTokenFile oidc) {
            return OIDCRoleArnCredentialProvider.builder()
                    .roleArn(oidc.roleArn())
                    .oidcProviderArn(oidc.oidcProviderArn())
                    .oidcTokenFilePath(oidc.tokenFile().toAbsolutePath().toString())
                    .roleSessionName(oidc.session().sessionName())
                    .durationSeconds((int) oidc.session().duration().toSeconds())
                    .STSEndpoint(store.stsEndpointFor(oidc.session()))
                    .connectionTimeout(connectMillis)
                    .readTimeout(readMillis)
                    .build();
        }
        if (auth instanceof KmsAuth.OidcTokenSupplier oidc) {
            return SuppliedTokenOidcCredentialProvider.builder()
                    .roleArn(oidc.roleArn())
                    .oidcProviderArn(oidc.oidcProviderArn())
                    .tokenSupplier(oidc.tokenSupplier())
                    .roleSessionName(oidc.session().sessionName())
                    .durationSeconds((int) oidc.session().duration().toSeconds())
                    .stsEndpoint(store.stsEndpointFor(oidc.session()))
                    .connectTimeoutMillis(connectMillis)
                    .readTimeoutMillis(readMillis)
                    .build();
        }
        if (auth instanceof KmsAuth.CredentialsUri uri) {
            return URLCredentialProvider.builder()
                    .credentialsURI(uri.uri().toString())
                    .connectionTimeout(connectMillis)
                    .readTimeout(readMillis)
                    .build();
        }
        if (auth instanceof KmsAuth.FirstAvailable chain) {
            List<FirstAvailableCredentialsProvider.Tier> tiers = new ArrayList<>();
            for (KmsAuth tier : chain.tiers()) {
                tiers.add(new FirstAvailableCredentialsProvider.Tier(tierName(tier), () -> create(tier, store)));
            }
            return new FirstAvailableCredentialsProvider(tiers);
        }
        if (auth instanceof KmsAuth.EcsRamRole ecs) {
            // The builder (never the deprecated constructors) honours ALIBABA_CLOUD_ECS_METADATA_DISABLED.
            return EcsRamRoleCredentialProvider.builder()
                    .roleName(ecs.roleName())
                    .disableIMDSv1(true)
                    .connectionTimeout(connectMillis)
                    .readTimeout(readMillis)
                    .build();
        }
        throw new IllegalArgumentException(auth.getClass().getSimpleName()
                + " does not sign in with RAM credentials");
    }

    /** A tier's kind for messages: AssumeRole over AccessKey, OidcTokenFile, EcsRamRole, ... */
    private static String tierName(KmsAuth auth) {
        return auth instanceof KmsAuth.AssumeRole role ? "AssumeRole(" + tierName(role.base()) + ")"
                : auth.getClass().getSimpleName();
    }

    /** The static secrets of {@code auth} (and its bases), for scrubbing them from messages. */
    static List<String> secretsOf(KmsAuth auth) {
        List<String> out = new ArrayList<>();
        collect(auth, out);
        return List.copyOf(out);
    }

    private static void collect(KmsAuth auth, List<String> out) {
        if (auth instanceof KmsAuth.AccessKey ak) {
            out.add(ak.accessKeySecret());
        } else if (auth instanceof KmsAuth.StsToken sts) {
            out.add(sts.accessKeySecret());
            out.add(sts.securityToken());
        } else if (auth instanceof KmsAuth.AssumeRole role) {
            collect(role.base(), out);
        } else if (auth instanceof KmsAuth.FirstAvailable chain) {
            chain.tiers().forEach(tier -> collect(tier, out));
        } else if (auth instanceof KmsAuth.ClientKey key) {
            out.add(key.password());
            out.add(key.clientKeyContent());
        } else if (auth instanceof KmsAuth.CredentialsUri uri && uri.uri().getRawQuery() != null) {
            out.add(uri.uri().getRawQuery());
        }
    }
}
