package dev.secretsync.kms;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The KMS source ({@code kms}) and the embedded API on it ({@code embedded}): one way, no cycle. */
class ArchitectureTest {

    static final JavaClasses MODULE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.secretsync.kms", "dev.secretsync.embedded");

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.secretsync.(**)").should().beFreeOfCycles().check(MODULE);
    }

    @Test
    void theSourceKnowsNothingOfTheEmbeddedApiOrTheEngine() {
        noClasses().that().resideInAPackage("dev.secretsync.kms..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.secretsync.embedded..", "dev.secretsync.core.engine..",
                        "dev.secretsync.core.embedded..")
                .check(MODULE);
    }
}
