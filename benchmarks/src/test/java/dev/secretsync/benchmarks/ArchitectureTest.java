package dev.secretsync.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The benchmarks drive the public API only: no package cycle, no controller internals. */
class ArchitectureTest {

    static final JavaClasses BENCHMARKS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.secretsync.benchmarks");

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.secretsync.(**)").should().beFreeOfCycles().check(BENCHMARKS);
    }

    @Test
    void measureTheControllerFromOutside() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.secretsync.controller.reconcile..",
                "dev.secretsync.controller.status..").check(BENCHMARKS);
    }
}
