package dev.secretsync.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The emulator stands alone: no package cycle, and none of secret-sync's own client side. */
class ArchitectureTest {

    static final JavaClasses TESTKIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.secretsync.testkit");

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.secretsync.(**)").should().beFreeOfCycles().check(TESTKIT);
    }

    @Test
    void emulatesKmsWithoutSecretSyncsClientSide() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.secretsync.kms..",
                "dev.secretsync.core.engine..", "dev.secretsync.k8s..", "dev.secretsync.controller..")
                .because("a test double written with the code under test would share its mistakes")
                .check(TESTKIT);
    }
}
