package dev.secretsync.controller.cli;

import dev.secretsync.controller.ControllerSettings;
import dev.secretsync.kms.KmsStoreConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Binds to the controller class while it is built on another branch; replaced by direct calls once merged. */
final class ReflectiveController implements ControllerHandle {

    private final Object controller;

    private ReflectiveController(Object controller) {
        this.controller = controller;
    }

    static ControllerHandle create(KubernetesClient client, ControllerSettings settings, KmsStoreConfig defaultStore,
                                   MeterRegistry registry) {
        try {
            Class<?> type = Class.forName("dev.secretsync.controller.Controller");
            Method create = type.getMethod("create", KubernetesClient.class, ControllerSettings.class,
                    KmsStoreConfig.class, MeterRegistry.class);
            return new ReflectiveController(create.invoke(null, client, settings, defaultStore, registry));
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("the controller is not part of this build", e);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        }
    }

    @Override
    public void start() {
        call("start");
    }

    @Override
    public boolean isLeader() {
        return (Boolean) call("isLeader");
    }

    @Override
    public boolean isReady() {
        return (Boolean) call("isReady");
    }

    @Override
    public boolean isHealthy() {
        return (Boolean) call("isHealthy");
    }

    @Override
    public void close() {
        call("close");
    }

    private Object call(String name) {
        try {
            return controller.getClass().getMethod(name).invoke(controller);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("controller method " + name, e);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }
}
