package dev.secretsync.benchmarks;

import com.aliyuncs.kms.secretsmanager.client.SecretCacheClient;
import com.aliyuncs.kms.secretsmanager.client.SecretCacheClientBuilder;
import com.aliyuncs.kms.secretsmanager.client.model.RegionInfo;
import com.aliyuncs.kms.secretsmanager.client.model.SecretInfo;
import com.aliyuncs.kms.secretsmanager.client.service.BaseSecretManagerClientBuilder;
import com.aliyuncs.kms.secretsmanager.client.service.SecretManagerClient;
import dev.secretsync.core.SecretValue;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.embedded.KmsSecretSync;
import dev.secretsync.kms.KmsAuth;
import dev.secretsync.kms.KmsStoreConfig;
import dev.secretsync.testkit.KmsEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds the two clients under test against one emulator, each in its recommended set-up. */
final class Clients {

    private Clients() {
    }

    /** secret-sync's embedded API: {@code KmsSecretSync} over HTTPS, trusting the emulator's CA. */
    static SecretReader secretSync(KmsEmulator kms, String secretName, Duration refreshInterval) {
        SecretSync secrets = KmsSecretSync.builder(KmsStoreConfig.builder()
                        .region(BenchKms.REGION)
                        .endpoint(kms.endpoint())
                        .allowLoopbackEndpoint(true)
                        .caPem(kms.caCertificatePem())
                        .auth(KmsAuth.accessKey(BenchKms.ACCESS_KEY_ID, BenchKms.ACCESS_KEY_SECRET))
                        .build())
                .refreshInterval(refreshInterval)
                .build();
        secrets.get(secretName); // the first read waits for the fetch; every later read is a cache hit
        return new SecretReader() {
            @Override
            public Object read() {
                return secrets.get(secretName);
            }

            @Override
            public String text(Object value) {
                return ((SecretValue) value).asString();
            }

            @Override
            public void close() {
                secrets.close();
            }
        };
    }

    /**
     * Alibaba's {@code SecretCacheClient} (alibabacloud-secretsmanager-client) with its default
     * in-memory cache, its default refresh strategy and retry/backoff, and a region whose endpoint is
     * the emulator. {@code ttl} is its refresh period for the secret ({@code withSecretTTL}).
     * {@code jsonTtl=false} turns off the default lookup of a {@code ttl} field in the secret's JSON,
     * which the peer otherwise does by parsing the value on every read.
     */
    static SecretReader peer(KmsEmulator kms, String secretName, Duration ttl) {
        return peer(kms, secretName, ttl, true);
    }

    static SecretReader peer(KmsEmulator kms, String secretName, Duration ttl, boolean jsonTtl) {
        SecretCacheClient client = buildOnDaemonThread(() -> {
            SecretManagerClient kmsClient = BaseSecretManagerClientBuilder.standard()
                    .withAccessKey(BenchKms.ACCESS_KEY_ID, BenchKms.ACCESS_KEY_SECRET)
                    .addRegion(new RegionInfo(BenchKms.REGION, kms.endpoint()))
                    .build();
            SecretCacheClientBuilder builder = SecretCacheClientBuilder.newCacheClientBuilder(kmsClient)
                    .withSecretTTL(secretName, ttl.toMillis());
            if (!jsonTtl) {
                builder.withParseJSONTTL(null);
            }
            return builder.build();
        });
        try {
            client.getSecretInfo(secretName);
        } catch (Exception e) {
            closeQuietly(client);
            throw new IllegalStateException("the peer client could not read " + secretName, e);
        }
        return new SecretReader() {
            @Override
            public Object read() throws Exception {
                return client.getSecretInfo(secretName);
            }

            @Override
            public String text(Object value) {
                return ((SecretInfo) value).getSecretValue();
            }

            @Override
            public void close() {
                closeQuietly(client);
            }
        };
    }

    interface PeerFactory {
        SecretCacheClient build() throws Exception;
    }

    /**
     * The peer starts a monitor thread with {@code new Thread(...)} that loops forever and that
     * {@code close()} does not stop (1.3.7). A thread inherits daemon status from its creator, so
     * building the client on a daemon thread keeps that thread from holding the JVM open.
     */
    private static SecretCacheClient buildOnDaemonThread(PeerFactory factory) {
        ExecutorService builder = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "peer-client-builder");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return factory.build();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, builder).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("building the peer client failed", cause);
        } finally {
            builder.shutdown();
        }
    }

    private static void closeQuietly(SecretCacheClient client) {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
