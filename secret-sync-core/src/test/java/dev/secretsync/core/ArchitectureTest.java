package dev.secretsync.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Core stays backend-neutral: adapters depend on it, never the other way round. */
class ArchitectureTest {

    static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.secretsync.core");

    @Test
    void coreUsesNoSpringFabric8OrAlibabaClass() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "io.fabric8..", "com.aliyun..", "com.alibaba..", "org.slf4j..")
                .because("core is backend-neutral; those belong to the adapters")
                .check(CORE);
    }

    @Test
    void coreDependsOnNoOtherSecretSyncModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.secretsync.kms..", "dev.secretsync.k8s..", "dev.secretsync.spring..",
                        "dev.secretsync.controller..", "dev.secretsync.testkit..")
                .check(CORE);
    }

    @Test
    void theSpiAndModelDoNotReachIntoInternals() {
        noClasses().that().resideInAnyPackage("dev.secretsync.core.spi..", "dev.secretsync.core.event..")
                .should().dependOnClassesThat().resideInAPackage("dev.secretsync.core.internal..")
                .check(CORE);
    }
}
