package dev.secretsync.kms;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The public surface stays small, and nothing reaches for the default credential chain. */
class KmsModuleShapeTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.secretsync.kms");

    @Test
    void onlyTheSourceItsConfigurationAndSignInArePublic() {
        classes().that().arePublic()
                .should().haveNameMatching("dev\\.secretsync\\.kms\\.(KmsSecretSource|KmsStoreConfig|KmsAuth)(\\$.*)?")
                .check(MAIN);
    }

    @Test
    void neverTheDefaultCredentialChainOrDeprecatedEcsConstructors() {
        noClasses().should().dependOnClassesThat()
                .haveFullyQualifiedName("com.aliyun.credentials.provider.DefaultCredentialsProvider")
                .check(MAIN);
        noClasses().should().callConstructor("com.aliyun.credentials.provider.EcsRamRoleCredentialProvider", String.class)
                .orShould().callConstructor("com.aliyun.credentials.Client")
                .check(MAIN);
    }
}
