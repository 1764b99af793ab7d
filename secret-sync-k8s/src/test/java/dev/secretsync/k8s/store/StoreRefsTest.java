package dev.secretsync.k8s.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.k8s.model.SecretStoreRef;
import org.junit.jupiter.api.Test;

class StoreRefsTest {

    static SecretStoreRef ref(String name, String kind, String namespace) {
        SecretStoreRef r = new SecretStoreRef();
        r.setName(name);
        r.setKind(kind);
        r.setNamespace(namespace);
        return r;
    }

    @Test
    void referencesBecomeStoreIds() {
        String f = "spec.data[0].secretStoreRef";
        assertThat(StoreRefs.storeId("apps", null, false, f)).isEqualTo(StoreRefs.CONTROLLER_STORE);
        assertThat(StoreRefs.storeId("apps", ref("scdemo", null, null), false, f)).isEqualTo("SecretStore/apps/scdemo");
        assertThat(StoreRefs.storeId("apps", ref("scdemo", "SecretStore", "apps"), false, f))
                .isEqualTo("SecretStore/apps/scdemo");
        assertThat(StoreRefs.storeId("apps", ref("shared", "ClusterSecretStore", null), false, f))
                .isEqualTo("ClusterSecretStore/shared");
    }

    @Test
    void crossNamespaceStoresNeedTheFlag() {
        String f = "spec.data[1].secretStoreRef";
        assertThatThrownBy(() -> StoreRefs.storeId("apps", ref("scdemo", null, "default"), false, f))
                .hasMessage("spec.data[1].secretStoreRef.namespace: 'default' is not the ExternalSecret's namespace "
                        + "'apps': cross-namespace SecretStore references are disabled");
        assertThat(StoreRefs.storeId("apps", ref("scdemo", null, "default"), true, f))
                .isEqualTo("SecretStore/default/scdemo");
        assertThatThrownBy(() -> StoreRefs.storeId("apps", ref("x", "Vault", null), true, f))
                .hasMessageContaining(".kind: must be SecretStore or ClusterSecretStore");
        assertThatThrownBy(() -> StoreRefs.storeId("apps", ref(" ", null, null), true, f))
                .hasMessage("spec.data[1].secretStoreRef.name: must be set");
    }
}
