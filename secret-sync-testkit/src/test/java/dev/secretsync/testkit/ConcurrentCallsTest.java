package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.tea.TeaException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Parallel SDK calls: the QPS limit and the counters stay exact under concurrency. */
class ConcurrentCallsTest {

    @Test
    void qpsLimitAdmitsExactlyTheLimitWithinOneSecond() throws Exception {
        ManualClock frozen = ManualClock.atSystemNow();
        try (KmsEmulator kms = KmsEmulator.builder().accessKey("ak", "sk").clock(frozen)
                .seed("secrets: [{name: s, versions: [{id: v, stages: [ACSCurrent], data: x}]}]").build().start()) {
            kms.faults().qpsLimit(10);
            Client client = KmsClients.client(kms, "ak", "sk");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    results.add(pool.submit(() -> {
                        try {
                            return client.getSecretValue(new GetSecretValueRequest().setSecretName("s")).getBody()
                                    .getSecretData();
                        } catch (TeaException e) {
                            return e.getCode();
                        }
                    }));
                }
                List<String> outcomes = new ArrayList<>();
                for (Future<String> f : results) {
                    outcomes.add(f.get(30, TimeUnit.SECONDS));
                }
                assertThat(outcomes).filteredOn("x"::equals).hasSize(10);
                assertThat(outcomes).filteredOn("Rejected.Throttling"::equals).hasSize(30);
                assertThat(kms.requestCount("GetSecretValue", "s")).isEqualTo(40);
                assertThat(kms.faults().injected(Faults.Kind.THROTTLED)).isEqualTo(30);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void loadReplacesASecretAtRunTime() throws Exception {
        try (KmsEmulator kms = KmsEmulator.builder().accessKey("ak", "sk")
                .seed("secrets: [{name: s, versions: [{id: v1, stages: [ACSCurrent], data: before}]}]").build()
                .start()) {
            Client client = KmsClients.client(kms, "ak", "sk");
            kms.load(Seed.parse("secrets: [{name: s, versions: [{id: v9, stages: [ACSCurrent], data: after}]}]"));
            assertThat(client.getSecretValue(new GetSecretValueRequest().setSecretName("s")).getBody().getVersionId())
                    .isEqualTo("v9");
        }
    }
}
