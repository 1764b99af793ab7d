package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.PutSecretValueRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Secret values never show in toString, error answers or the emulator's log. */
class RedactionTest {
    static final String CANARY = "CANARY-7f3a9c";

    @Test
    void canaryStaysOutOfMessagesToStringAndLogs() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.secretsync.testkit");
        logger.addHandler(capture);
        logger.setLevel(Level.ALL);
        try (KmsEmulator kms = KmsEmulator.builder().accessKey("ak", "sk")
                .seed("secrets: [{name: s, versions: [{id: v1, stages: [ACSCurrent], data: " + CANARY + "}]}]")
                .build().start()) {
            Client client = KmsClients.client(kms, "ak", "sk");
            assertThat(client.getSecretValue(new GetSecretValueRequest().setSecretName("s")).getBody()
                    .getSecretData()).isEqualTo(CANARY);

            List<Throwable> errors = new ArrayList<>();
            errors.add(catchIt(() -> client.putSecretValue(new PutSecretValueRequest().setSecretName("s")
                    .setVersionId("v1").setSecretData(CANARY))));
            errors.add(catchIt(() -> client.putSecretValue(new PutSecretValueRequest().setSecretName("s")
                    .setVersionId("v9").setSecretData(CANARY).setSecretDataType("binary"))));
            errors.add(catchIt(() -> client.getSecretValue(new GetSecretValueRequest().setSecretName("s")
                    .setVersionStage(CANARY + "-stage"))));
            errors.add(catchIt(() -> KmsClients.client(kms, "ak", CANARY).getSecretValue(
                    new GetSecretValueRequest().setSecretName("s"))));
            errors.add(catchIt(() -> kms.putSecretValue("s", "v1", CANARY)));
            assertThat(errors).hasSize(5).allSatisfy(e -> {
                assertThat(e).isNotNull();
                assertThat(e.getMessage()).doesNotContain(CANARY);
            });

            assertThat(kms.toString()).doesNotContain(CANARY);
            ClientKey key = kms.createClientKey();
            assertThat(key.toString()).doesNotContain(key.password());
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(String.join("\n", logged)).doesNotContain(CANARY);
    }

    @Test
    void versionViewsAndSeedsRedact() {
        SecretStore store = new SecretStore(java.time.Clock.systemUTC());
        store.putVersion("s", "v1", CANARY, Seed.DataType.TEXT, List.of(), true);
        assertThat(store.version("s", null, null).toString()).doesNotContain(CANARY);
        assertThatThrownBy(() -> Seed.parse("secrets: [{name: a, versions: [{id: v, data: '" + CANARY + "'}]}]: ["))
                .hasMessageNotContaining(CANARY);
        assertThatThrownBy(() -> Seed.parse("secrets:\n- name: a\n\tdata: " + CANARY))
                .hasMessageNotContaining(CANARY).hasMessageContaining("line");
    }

    interface Call {
        void run() throws Exception;
    }

    static Throwable catchIt(Call call) {
        try {
            call.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
