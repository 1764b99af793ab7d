package dev.secretsync.testkit;

import com.aliyun.teaopenapi.models.Config;

/**
 * Builds official kms20160120 SDK clients pointed at an emulator. This class needs
 * {@code com.aliyun:kms20160120} and {@code com.aliyun:tea-openapi} on the class path (they are
 * optional dependencies of the testkit); nothing else in the testkit loads it.
 */
public final class KmsClients {
    private KmsClients() {
    }

    /** The SDK configuration for this emulator: endpoint, protocol, CA (for HTTPS) and an access key. */
    public static Config config(KmsEmulator emulator, String accessKeyId, String accessKeySecret) {
        Config config = new Config()
                .setAccessKeyId(accessKeyId)
                .setAccessKeySecret(accessKeySecret)
                .setRegionId("cn-hangzhou")
                .setEndpoint(emulator.endpoint())
                .setProtocol(emulator.isHttps() ? "HTTPS" : "HTTP")
                .setReadTimeout(10_000)
                .setConnectTimeout(5_000);
        if (emulator.isHttps()) {
            config.setCa(emulator.caCertificatePem());
        }
        return config;
    }

    /** A kms20160120 client signing with the given access key. */
    public static com.aliyun.kms20160120.Client client(KmsEmulator emulator, String accessKeyId,
            String accessKeySecret) {
        return client(config(emulator, accessKeyId, accessKeySecret));
    }

    /** A kms20160120 client for the extension's emulator, signing with the extension's access key. */
    public static com.aliyun.kms20160120.Client client(KmsEmulatorExtension extension) {
        return client(extension.emulator(), extension.accessKeyId(), extension.accessKeySecret());
    }

    /** A kms20160120 client from a configuration (for example one changed from {@link #config}). */
    public static com.aliyun.kms20160120.Client client(Config config) {
        try {
            return new com.aliyun.kms20160120.Client(config);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the kms20160120 client", e);
        }
    }
}
