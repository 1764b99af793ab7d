package dev.secretsync.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Core stays backend-neutral and layered: values ({@code core}) <- SPIs ({@code spi}) <- events
 * ({@code event}) <- the engine ({@code engine}) <- the embedded API ({@code embedded}).
 */
class ArchitectureTest {

    static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.secretsync.core");

    @Test
    void coreUsesNoSpringFabric8AlibabaJsonOrYamlClass() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "io.fabric8..", "com.aliyun..", "com.alibaba..", "org.slf4j..",
                        "com.fasterxml.jackson..", "org.yaml..", "io.burt..", "com.google.gson..")
                .because("core is backend-neutral; those belong to the adapters and the transform module")
                .check(CORE);
    }

    @Test
    void coreDependsOnNoOtherSecretSyncModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.secretsync.transform..", "dev.secretsync.kms..", "dev.secretsync.k8s..",
                        "dev.secretsync.spring..", "dev.secretsync.controller..", "dev.secretsync.testkit..")
                .check(CORE);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.secretsync.(**)").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void valueTypesDependOnNoOtherCorePackage() {
        noClasses().that().resideInAPackage("dev.secretsync.core")
                .should().dependOnClassesThat().resideInAnyPackage("dev.secretsync.core.(*)..")
                .check(CORE);
    }

    @Test
    void theSpiAndEventsDoNotReachIntoTheEngine() {
        noClasses().that().resideInAnyPackage("dev.secretsync.core.spi..", "dev.secretsync.core.event..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.secretsync.core.engine..", "dev.secretsync.core.embedded..")
                .check(CORE);
    }
}
