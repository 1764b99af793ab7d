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
        String ecs = "com.aliyun.credentials.provider.EcsRamRoleCredentialProvider";
        noClasses().should().callConstructor(ecs, "java.lang.String")
                .orShould().callConstructor(ecs, "com.aliyun.credentials.Configuration")
                .orShould().callConstructor(ecs, "com.aliyun.credentials.models.Config")
                .orShould().callConstructor("com.aliyun.credentials.Client")
                .orShould().callConstructor("com.aliyun.credentials.Client", "com.aliyun.credentials.models.Config")
                .check(MAIN);
    }

    @Test
    void jsonIsReadWithJacksonOnly() {
        // Gson is on the class path (credentials-java's), but the project has one JSON library.
        noClasses().should().dependOnClassesThat().resideInAPackage("com.google.gson..").check(MAIN);
    }
}
