package dev.secretsync.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The starter's layers: {@code config} (the {@code secret-sync.*} properties and the config-data
 * import, which run at bootstrap) <- {@code spring} (auto-configuration, refresh) <- {@code actuate},
 * {@code jdbc}. No package cycle.
 */
class ArchitectureTest {

    static final JavaClasses STARTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.secretsync.spring");

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.secretsync.(**)").should().beFreeOfCycles().check(STARTER);
    }

    @Test
    void theBootstrapPartNeedsNoAutoConfiguration() {
        noClasses().that().resideInAPackage("dev.secretsync.spring.config..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.secretsync.spring", "dev.secretsync.spring.actuate..", "dev.secretsync.spring.jdbc..")
                .check(STARTER);
    }

    @Test
    void actuatorAndJdbcSupportStayApart() {
        noClasses().that().resideInAPackage("dev.secretsync.spring.actuate..").should().dependOnClassesThat()
                .resideInAPackage("dev.secretsync.spring.jdbc..").check(STARTER);
        noClasses().that().resideInAPackage("dev.secretsync.spring.jdbc..").should().dependOnClassesThat()
                .resideInAPackage("dev.secretsync.spring.actuate..").check(STARTER);
    }
}
