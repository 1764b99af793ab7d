package dev.secretsync.transform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The mapping language is a core {@code Transform}: core's values and SPI, never its engine; no package cycle. */
class ArchitectureTest {

    static final JavaClasses TRANSFORM = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.secretsync.transform");

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.secretsync.(**)").should().beFreeOfCycles().check(TRANSFORM);
    }

    @Test
    void usesCoresValuesAndSpiOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.secretsync.core.engine..",
                "dev.secretsync.core.embedded..", "dev.secretsync.core.event..", "dev.secretsync.k8s..",
                "dev.secretsync.kms..", "dev.secretsync.controller..").check(TRANSFORM);
    }
}
