package dev.secretsync.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The controller's layers, bottom up: {@code settings} <- {@code translate} <- {@code status} <-
 * {@code reconcile} <- {@code controller} (informers, leadership, queue, dispatch) <- {@code cli},
 * with {@code server} and {@code migrate} (used by the CLI only) beside. No package cycle, and no
 * cycle between classes (files) either.
 */
class ArchitectureTest {

    static final JavaClasses CONTROLLER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.secretsync.controller");

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.secretsync.(**)").should().beFreeOfCycles().check(CONTROLLER);
    }

    @Test
    void classesFormNoCycle() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                JavaClass file = javaClass;
                while (file.getEnclosingClass().isPresent()) {
                    file = file.getEnclosingClass().get();
                }
                return SliceIdentifier.of(file.getName());
            }

            @Override
            public String getDescription() {
                return "top-level classes";
            }
        }).should().beFreeOfCycles().check(CONTROLLER);
    }

    @Test
    void eachLayerUsesOnlyTheOnesBelow() {
        noClasses().that().resideInAPackage("..controller.settings..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.secretsync.controller", "..controller.translate..", "..controller.status..",
                        "..controller.reconcile..", "..controller.cli..", "..controller.server..")
                .check(CONTROLLER);
        noClasses().that().resideInAPackage("..controller.translate..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.secretsync.controller", "..controller.status..", "..controller.reconcile..",
                        "..controller.cli..", "..controller.server..")
                .check(CONTROLLER);
        noClasses().that().resideInAPackage("..controller.status..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.secretsync.controller", "..controller.reconcile..", "..controller.cli..",
                        "..controller.server..", "io.fabric8.kubernetes.client..")
                .because("the status is a pure function, with no client in reach")
                .check(CONTROLLER);
        noClasses().that().resideInAPackage("..controller.reconcile..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.secretsync.controller", "..controller.cli..", "..controller.server..")
                .check(CONTROLLER);
        noClasses().that().resideOutsideOfPackages("..controller.cli..", "..controller.migrate..")
                .should().dependOnClassesThat().resideInAnyPackage("..controller.cli..", "..controller.migrate..")
                .check(CONTROLLER);
        noClasses().that().resideInAPackage("..controller.migrate..").should().dependOnClassesThat()
                .resideInAPackage("..controller.cli..")
                .check(CONTROLLER);
    }

    @Test
    void onlyTheRealApiAndTheLeaderSessionTouchTheClient() {
        noClasses().that().resideInAPackage("..controller.reconcile..")
                .and().doNotHaveSimpleName("ClientKubeApi")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.fabric8.kubernetes.client.KubernetesClient")
                .because("reconcilers reach the API server through KubeApi, so they are testable without one")
                .check(CONTROLLER);
    }
}
