package dev.secretsync.controller.reliability;

import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What each KMS fault IT runs on: the emulator holding the {@link KmsFaults} secrets and its own API
 * stand-in ({@link FaultyApiServer} without faults: fabric8's CRUD mock, closed without failing a
 * loaded run). The figures each IT collects are printed at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KmsFaultSuite {

    private final String figuresTitle;
    FaultyApiServer api;
    KubernetesClient client;
    KmsEmulator kms;
    final List<String> figures = new ArrayList<>();

    KmsFaultSuite(String figuresTitle) {
        this.figuresTitle = figuresTitle;
    }

    @BeforeAll
    void startWorld() {
        kms = KmsFaults.emulatorWithSecrets();
        api = FaultyApiServer.start();
        client = api.client();
    }

    @AfterAll
    void stopWorld() {
        kms.close();
        api.close();
        System.out.println(figuresTitle + ":");
        figures.forEach(f -> System.out.println("  " + f));
    }
}
