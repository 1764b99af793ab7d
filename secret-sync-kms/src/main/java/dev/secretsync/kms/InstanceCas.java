package dev.secretsync.kms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alibaba Cloud's per-region private CA certificates of KMS instance endpoints
 * ({@code <instance-id>.cryptoservice.kms.aliyuncs.com}), one PEM per region under
 * {@code instance-ca/<region>.pem} beside this class.
 *
 * <p>They are public data. Source: ack-secret-manager's {@code pkg/backend/provider/kms/private_ca.go}
 * ({@code RegionIdAndCaMap}: the "Private KMS &lt;region&gt; Second CA" of each region, issued by
 * "Private KMS Root CA"); Alibaba's secrets manager clients carry the same map, and Alibaba's KMS
 * documentation has users download an instance's CA certificate from the KMS console. A region
 * added later needs its CA configured ({@code caPem}).
 */
final class InstanceCas {

    private static final ConcurrentHashMap<String, Optional<String>> CACHE = new ConcurrentHashMap<>();

    private InstanceCas() {
    }

    /** The CA of KMS instances in {@code region}, if built in. */
    static Optional<String> forRegion(String region) {
        return CACHE.computeIfAbsent(region, InstanceCas::load);
    }

    private static Optional<String> load(String region) {
        // The region was checked against the region pattern, so it cannot name another resource.
        try (InputStream in = InstanceCas.class.getResourceAsStream("instance-ca/" + region + ".pem")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in KMS instance CA of " + region, e);
        }
    }
}
