package dev.secretsync.controller;

import dev.secretsync.testkit.KmsEmulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh counting mock API server and KMS emulator for each test, and the controller the test
 * starts (closed after it).
 */
abstract class CountingWorld {

    CountingApiServer api;
    KubernetesClient client;
    KmsEmulator kms;
    Controller controller;

    @BeforeEach
    void startWorld() throws Exception {
        api = new CountingApiServer();
        client = api.client();
        kms = KmsEmulator.builder().accessKey(ControllerHarness.AK, ControllerHarness.SK).build().start();
    }

    @AfterEach
    void stopWorld() {
        if (controller != null) {
            controller.close();
        }
        api.close();
        kms.close();
    }
}
