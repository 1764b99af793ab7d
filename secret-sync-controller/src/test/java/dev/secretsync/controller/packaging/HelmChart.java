package dev.secretsync.controller.packaging;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.jni.NativeLibrary;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chart as Helm itself renders it: helm-java runs Helm's Go code (lint, template) in this JVM
 * from a platform artifact on the test class path. Every rendered object is read with the fabric8
 * model class of its kind and must use only fields that its schema knows.
 */
final class HelmChart {

    /** The kinds the chart may render (with its CRDs); anything else fails the test. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Deployment", Deployment.class,
            "ServiceAccount", ServiceAccount.class,
            "Service", Service.class,
            "ClusterRole", ClusterRole.class,
            "ClusterRoleBinding", ClusterRoleBinding.class,
            "Role", Role.class,
            "RoleBinding", RoleBinding.class,
            "CustomResourceDefinition", CustomResourceDefinition.class);

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern SET = Pattern.compile("--set\\s+([^=\\s]+)=(\\S+)");

    private HelmChart() {
    }

    /**
     * Helm, or a failure that says why it cannot run here. helm-java would otherwise download a
     * native library at run time; a test never does.
     */
    static Helm helm() {
        if (NativeLibrary.serviceProviderLibrary(HelmChart.class.getClassLoader()) == null) {
            throw new AssertionError("Helm cannot run on this machine (os.name " + System.getProperty("os.name")
                    + ", os.arch " + System.getProperty("os.arch") + "): com.marcnuri.helm-java ships Helm's native "
                    + "library for linux-amd64, darwin-amd64, darwin-arm64 and windows-amd64 only, and the chart "
                    + "tests never download one. The chart is untested here.");
        }
        return new Helm(Yamls.CHART);
    }

    static LintResult lint() {
        return helm().lint().strict().call();
    }

    /** `helm template RELEASE chart --namespace NAMESPACE --set ...` (values files first, as Helm applies them). */
    static Rendered template(String release, String namespace, Map<String, String> sets, Path... valuesFiles) {
        TemplateCommand template = helm().template().withName(release).withNamespace(namespace);
        for (Path file : valuesFiles) {
            template.withValuesFile(file);
        }
        sets.forEach(template::set);
        return new Rendered(template.call());
    }

    /** The CRDs of the chart's crds/ directory, which Helm installs as they are. */
    static Rendered crds() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(Yamls.CHART.resolve("crds"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                all.append("---\n").append(Files.readString(file));
            }
        }
        return new Rendered(all.toString());
    }

    /** The {@code --set key=value} pairs of a command line, in order. */
    static Map<String, String> sets(String commandLine) {
        Map<String, String> sets = new LinkedHashMap<>();
        Matcher m = SET.matcher(commandLine);
        while (m.find()) {
            sets.put(m.group(1), m.group(2));
        }
        return sets;
    }

    /** What Helm printed, read as typed objects. */
    static final class Rendered {
        final String yaml;
        final List<HasMetadata> objects = new ArrayList<>();

        Rendered(String yaml) {
            this.yaml = yaml;
            for (Map<String, Object> doc : Yamls.documents(yaml)) {
                Class<? extends HasMetadata> type = KINDS.get(String.valueOf(doc.get("kind")));
                if (type == null) {
                    throw new AssertionError("the chart renders a " + doc.get("kind") + ", which this test has no schema for");
                }
                HasMetadata object = SERIALIZATION.convertValue(doc, type);
                List<String> unknown = new ArrayList<>();
                unknownFields(object, doc.get("kind") + " " + object.getMetadata().getName(), unknown);
                if (!unknown.isEmpty()) {
                    throw new AssertionError("fields that the Kubernetes schema does not have: " + unknown);
                }
                objects.add(object);
            }
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> all = all(type);
            if (all.size() != 1) {
                throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + all.size());
            }
            return all.get(0);
        }

        /** Kind/namespace/name of every object, for reports. */
        List<String> names() {
            return objects.stream().map(o -> o.getKind() + " " + (o.getMetadata().getNamespace() == null ? ""
                    : o.getMetadata().getNamespace() + "/") + o.getMetadata().getName()).toList();
        }
    }

    /**
     * fabric8's model classes keep fields they do not know in {@code additionalProperties} instead of
     * failing: a misspelt or misplaced key shows up there, anywhere in the object.
     */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "[" + k + "]", unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return;
        }
        for (Class<?> c = value.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties") && fieldValue instanceof Map<?, ?> extra) {
                    // (a JSON schema's own additionalProperties keyword is not a Map)
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                } else {
                    unknownFields(fieldValue, path + "." + field.getName(), unknown);
                }
            }
        }
    }
}
