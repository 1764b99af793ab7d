package dev.secretsync.k8s.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.k8s.model.ExternalSecret;
import dev.secretsync.k8s.model.ExternalSecretSpec;
import dev.secretsync.k8s.model.ExternalSecretTarget;
import dev.secretsync.k8s.model.ExternalSecretTemplate;
import dev.secretsync.k8s.model.TemplateMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetOptionsTest {

    static ExternalSecret es(String specType, String templateType, String creation, String deletion) {
        ExternalSecretTemplate template = new ExternalSecretTemplate();
        template.setType(templateType);
        TemplateMetadata metadata = new TemplateMetadata();
        metadata.setLabels(Map.of("app", "db"));
        metadata.setAnnotations(Map.of("team", "db"));
        template.setMetadata(metadata);
        ExternalSecretTarget target = new ExternalSecretTarget();
        target.setTemplate(template);
        target.setCreationPolicy(creation);
        target.setDeletionPolicy(deletion);
        ExternalSecretSpec spec = new ExternalSecretSpec();
        spec.setType(specType);
        spec.setTarget(target);
        ExternalSecret es = new ExternalSecret();
        es.setMetadata(new ObjectMetaBuilder().withNamespace("apps").withName("db").withUid("u-1").build());
        es.setSpec(spec);
        return es;
    }

    @Test
    void externalSecretDefaultsAreOwnerRetainOpaque() {
        ExternalSecret es = es(null, null, null, null);
        TargetOptions options = TargetOptions.forExternalSecret(es);
        assertThat(options.creationPolicy()).isEqualTo(CreationPolicy.OWNER);
        assertThat(options.deletionPolicy()).isEqualTo(DeletionPolicy.RETAIN);
        assertThat(options.type()).isNull();
        assertThat(options.owner().key()).isEqualTo("ExternalSecret/apps/db");
        assertThat(options.owner().uid()).isEqualTo("u-1");
        assertThat(options.labels()).containsEntry("app", "db");
        assertThat(options.annotations()).containsEntry("team", "db");
        assertThat(options.toString()).contains("type=Opaque");
    }

    @Test
    void templateTypeWinsOverSpecType() {
        assertThat(TargetOptions.forExternalSecret(es("kubernetes.io/basic-auth", "kubernetes.io/tls", null, null))
                .type()).isEqualTo("kubernetes.io/tls");
        assertThat(TargetOptions.forExternalSecret(es("kubernetes.io/basic-auth", "", null, null)).type())
                .isEqualTo("kubernetes.io/basic-auth");
    }

    @Test
    void policiesAreParsedAndUnknownOnesNamed() {
        TargetOptions options = TargetOptions.forExternalSecret(es(null, null, "Merge", "Delete"));
        assertThat(options.creationPolicy()).isEqualTo(CreationPolicy.MERGE);
        assertThat(options.deletionPolicy()).isEqualTo(DeletionPolicy.DELETE);
        assertThatThrownBy(() -> TargetOptions.forExternalSecret(es(null, null, "Owned", null)))
                .hasMessage("spec.target.creationPolicy must be Owner, Merge or Orphan, got 'Owned'");
        assertThatThrownBy(() -> TargetOptions.forExternalSecret(es(null, null, null, "Keep")))
                .hasMessage("spec.target.deletionPolicy must be Retain or Delete, got 'Keep'");
    }

    @Test
    void ownerPolicyNeedsAUidAndReservedKeysAreRefused() {
        Owner noUid = new Owner("alibabacloud.com/v1alpha1", "ExternalSecret", "apps", "db", null);
        assertThatThrownBy(() -> TargetOptions.builder(noUid).build()).hasMessageContaining("needs the owner's uid");
        assertThat(TargetOptions.builder(noUid).creationPolicy(CreationPolicy.ORPHAN).build().owner()).isEqualTo(noUid);
        assertThatThrownBy(() -> TargetOptions.builder(noUid).labels(Map.of("secret-sync.dev/managed-by", "me")))
                .hasMessageContaining("reserved prefix");
    }

    @Test
    void targetIsTheTargetNameOrTheExternalSecretsName() {
        ExternalSecret es = es(null, null, null, null);
        assertThat(TargetOptions.targetOf(es)).isEqualTo("apps/db");
        es.getSpec().getTarget().setName("db-credentials");
        assertThat(TargetOptions.targetOf(es)).isEqualTo("apps/db-credentials");
    }
}
