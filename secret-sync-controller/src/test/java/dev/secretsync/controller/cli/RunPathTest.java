package dev.secretsync.controller.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The test-only stand-ins (KMS emulator, mock API server) stay off the {@code run} path. */
class RunPathTest {

    static final String[] STAND_INS = {"dev.secretsync.testkit..", "io.fabric8.kubernetes.client.server.mock..",
            "io.fabric8.mockwebserver.."};

    @Test
    void onlyRenderAndLocalUseTheStandIns() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.secretsync.controller");
        noClasses().that(not(nameMatching(".*\\.cli\\.(Renderer|LocalDemo|StandIns)(\\$.*)?")))
                .should().dependOnClassesThat().resideInAnyPackage(STAND_INS)
                .check(classes);
    }

    @Test
    void theCommandLineLoadsWithoutThem() throws Exception {
        List<URL> urls = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int hidden = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.contains("secret-sync-testkit") || entry.contains("kubernetes-server-mock")
                    || entry.contains("mockwebserver")) {
                hidden++;
                continue;
            }
            urls.add(new File(entry).toURI().toURL());
        }
        assertThat(hidden).isGreaterThanOrEqualTo(2);
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> main = Class.forName(Main.class.getName(), true, loader);
            Method execute = main.getMethod("execute", String[].class, PrintWriter.class, PrintWriter.class);
            StringWriter out = new StringWriter();
            assertThat(execute.invoke(null, new String[] {"run", "--help"}, new PrintWriter(out), new PrintWriter(out)))
                    .isEqualTo(0);
            assertThat(out.toString()).contains("--polling-interval");
            assertThat(execute.invoke(null, new String[] {"run", "--backend=vault"}, new PrintWriter(out),
                    new PrintWriter(out))).isEqualTo(2);
            assertThat(loader.getResource("dev/secretsync/testkit/KmsEmulator.class")).isNull();
        }
    }
}
