package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.tea.TeaException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault through the real SDK; time is a hand-moved clock, randomness a fixed seed. */
class FaultsTest {
    static final String SEED = """
            secrets:
            - name: app-db
              versions: [{id: v1, stages: [ACSCurrent], data: secret}]
            """;

    ManualClock clock;
    KmsEmulator kms;
    Client client;

    @BeforeEach
    void start() {
        clock = ManualClock.atSystemNow();
        kms = KmsEmulator.builder().accessKey("ak", "sk").seed(SEED).clock(clock).randomSeed(7).build().start();
        client = KmsClients.client(kms, "ak", "sk");
    }

    @AfterEach
    void stop() {
        kms.close();
    }

    String get() throws Exception {
        return get(client);
    }

    static String get(Client c) throws Exception {
        return c.getSecretValue(new GetSecretValueRequest().setSecretName("app-db")).getBody().getSecretData();
    }

    void assertKmsError(int status, String code) {
        assertThatThrownBy(this::get).isInstanceOfSatisfying(TeaException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(status);
            assertThat(e.getCode()).isEqualTo(code);
        });
    }

    @Test
    void qpsLimitAnswers429WithinTheSameSecond() throws Exception {
        kms.faults().qpsLimit(2);
        assertThat(get()).isEqualTo("secret");
        assertThat(get()).isEqualTo("secret");
        assertKmsError(429, "Rejected.Throttling");
        assertThat(kms.faults().injected(Faults.Kind.THROTTLED)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(get()).isEqualTo("secret");
    }

    @Test
    void shareOfServerErrorsIsDeterministicForASeed() throws Exception {
        kms.faults().errorShare(0.5, 500);
        List<String> outcomes = outcomes(client, 20);
        assertThat(outcomes).contains("ok", "500:InternalFailure");

        try (KmsEmulator twin = KmsEmulator.builder().accessKey("ak", "sk").seed(SEED).clock(clock).randomSeed(7)
                .build().start()) {
            twin.faults().errorShare(0.5, 500);
            assertThat(outcomes(KmsClients.client(twin, "ak", "sk"), 20)).isEqualTo(outcomes);
        }

        kms.faults().errorShare(1.0, 503);
        assertKmsError(503, "ServiceUnavailableTemporary");
    }

    static List<String> outcomes(Client c, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                get(c);
                out.add("ok");
            } catch (TeaException e) {
                out.add(e.getStatusCode() + ":" + e.getCode());
            } catch (Exception e) {
                out.add(e.getClass().getSimpleName());
            }
        }
        return out;
    }

    @Test
    void failNextThenRecover() throws Exception {
        kms.faults().failNext(2, 503);
        assertKmsError(503, "ServiceUnavailableTemporary");
        assertKmsError(503, "ServiceUnavailableTemporary");
        assertThat(get()).isEqualTo("secret");
        assertThat(kms.faults().injected(Faults.Kind.SERVER_ERROR)).isEqualTo(2);
    }

    @Test
    void addedLatencyIsAppliedAndTripsAShortClientReadTimeout() throws Exception {
        kms.faults().latency(Duration.ofMillis(200));
        Client impatient = KmsClients.client(KmsClients.config(kms, "ak", "sk").setReadTimeout(50));
        assertThatThrownBy(() -> get(impatient)).satisfies(
                e -> assertThat((e.toString() + e.getCause()).toLowerCase()).containsAnyOf("timeout", "timed out"));
        assertThat(kms.faults().injected(Faults.Kind.LATENCY)).isEqualTo(1);

        assertThat(get()).as("a patient client still gets the value").isEqualTo("secret");
        assertThat(kms.faults().injected(Faults.Kind.LATENCY)).isEqualTo(2);
        kms.faults().clear();
        assertThat(get()).isEqualTo("secret");
        assertThat(kms.faults().injected(Faults.Kind.LATENCY)).isEqualTo(2);
    }

    @Test
    void connectionResetFailsTheCallThenTheNextOneWorks() throws Exception {
        kms.faults().resetNext(1);
        assertThatThrownBy(this::get).isNotInstanceOf(TeaException.class);
        assertThat(kms.faults().injected(Faults.Kind.CONNECTION_RESET)).isEqualTo(1);
        assertThat(get()).isEqualTo("secret");

        kms.faults().resetShare(1.0);
        assertThatThrownBy(this::get).isNotInstanceOf(TeaException.class);
        assertThat(kms.faults().injected(Faults.Kind.CONNECTION_RESET)).isEqualTo(2);
    }

    @Test
    void outageWindowFollowsTheClock() throws Exception {
        Instant now = clock.instant();
        kms.faults().outage(now.plus(Duration.ofMinutes(1)), now.plus(Duration.ofMinutes(5)));
        assertThat(get()).isEqualTo("secret");
        clock.advance(Duration.ofMinutes(2));
        assertKmsError(503, "ServiceUnavailableTemporary");
        assertThat(kms.faults().injected(Faults.Kind.OUTAGE)).isEqualTo(1);
        clock.advance(Duration.ofMinutes(4));
        assertThat(get()).isEqualTo("secret");

        kms.faults().outageFor(Duration.ofMinutes(1));
        assertKmsError(503, "ServiceUnavailableTemporary");
        kms.faults().clear();
        assertThat(get()).isEqualTo("secret");
    }

    @Test
    void settingsAreCheckedWhenGiven() {
        assertThatThrownBy(() -> kms.faults().errorShare(1.5, 500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kms.faults().errorShare(0.5, 404)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kms.faults().qpsLimit(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kms.faults().latency(Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        Instant now = Instant.now();
        assertThatThrownBy(() -> kms.faults().outage(now, now)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countersCountEveryCallPerActionAndSecretIncludingFaultedOnes() throws Exception {
        get();
        kms.faults().failNext(1, 500);
        assertKmsError(500, "InternalFailure");
        client.describeSecret(new com.aliyun.kms20160120.models.DescribeSecretRequest().setSecretName("app-db"));
        assertThatThrownBy(() -> client.getSecretValue(new GetSecretValueRequest().setSecretName("other")))
                .isInstanceOf(TeaException.class);

        assertThat(kms.requestCount("GetSecretValue")).isEqualTo(3);
        assertThat(kms.requestCount("GetSecretValue", "app-db")).isEqualTo(2);
        assertThat(kms.requestCount("GetSecretValue", "other")).isEqualTo(1);
        assertThat(kms.requestCount("DescribeSecret", "app-db")).isEqualTo(1);
        assertThat(kms.requestCount("ListSecrets")).isZero();

        kms.resetCounters();
        assertThat(kms.requestCount("GetSecretValue")).isZero();
    }
}
