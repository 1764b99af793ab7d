package dev.secretsync.k8s;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module compiles against the client API only, and its packages stay independent: no cycle. */
class ModuleShapeTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.secretsync.k8s");

    @Test
    void usesTheClientApiNotAnImplementation() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client.impl..",
                "io.fabric8.kubernetes.client.vertx..", "io.vertx..", "okhttp3..").check(CLASSES);
    }

    @Test
    void modelSinkAndStoreStayApart() {
        noClasses().that().resideInAPackage("..k8s.model..").should().dependOnClassesThat()
                .resideInAnyPackage("..k8s.sink..", "..k8s.store..").check(CLASSES);
        noClasses().that().resideInAPackage("..k8s.sink..").should().dependOnClassesThat()
                .resideInAnyPackage("..k8s.store..", "dev.secretsync.kms..").check(CLASSES);
        noClasses().that().resideInAPackage("..k8s.store..").should().dependOnClassesThat()
                .resideInAPackage("..k8s.sink..").check(CLASSES);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.secretsync.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
