package dev.secretsync.spring.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.core.SecretValue;
import dev.secretsync.core.SourceRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretPropertySourceTest {

    static final String CANARY = "CANARY-7f3a9c";
    static final SourceRef REF = SourceRef.current("default", "app-db");

    @Test
    void anUpdateReportsAddedChangedAndRemovedKeysAndNeverShowsValues() {
        SecretPropertySource ps = new SecretPropertySource(REF, "db.", false,
                SecretValue.text("{\"user\":\"a\",\"password\":\"" + CANARY + "\",\"old\":\"x\"}", "v1"));
        assertThat(ps.getName()).isEqualTo("secret-sync:app-db");
        assertThat(ps.getPropertyNames()).containsExactly("db.user", "db.password", "db.old");

        var changed = ps.update(SecretValue.text("{\"user\":\"a\",\"password\":\"new\",\"added\":\"y\"}", "v2"));

        assertThat(changed).containsExactly("db.added", "db.old", "db.password");
        assertThat(ps.getProperty("db.password")).isEqualTo("new");
        assertThat(ps.containsProperty("db.old")).isFalse();
        assertThat(ps.toString()).contains("db.user").doesNotContain("new").doesNotContain(CANARY);
    }

    @Test
    void aValueThatIsNotAJsonObjectIsOnePropertyNamedAfterTheSecret() {
        SecretPropertySource plain = new SecretPropertySource(REF, "", false, SecretValue.text(CANARY, "v1"));
        assertThat(plain.getProperty("app-db")).isEqualTo(CANARY);

        SecretPropertySource braces = new SecretPropertySource(REF, "x.", false, SecretValue.text("{not json", "v1"));
        assertThat(braces.getPropertyNames()).containsExactly("x.app-db");

        SecretPropertySource array = new SecretPropertySource(REF, "", false, SecretValue.text("[1,2]", "v1"));
        assertThat(array.getProperty("app-db")).isEqualTo("[1,2]");
    }

    @Test
    void anOptionalSourceWithoutAValueIsEmptyUntilUpdated() {
        SecretPropertySource ps = new SecretPropertySource(REF, "", true, null);
        assertThat(ps.hasValue()).isFalse();
        assertThat(ps.isOptional()).isTrue();
        assertThat(ps.getPropertyNames()).isEmpty();

        assertThat(ps.update(SecretValue.text("{\"k\":\"v\"}", "v1"))).containsExactly("k");
        assertThat(ps.hasValue()).isTrue();
    }

    @Test
    void locationsNameSecretsWithOptionalPrefixes() {
        List<SecretSyncConfigDataResource> resources =
                SecretSyncConfigDataLocationResolver.parse(" app-db?prefix=db. ; api-key,other?prefix=", true);

        assertThat(resources).extracting(SecretSyncConfigDataResource::name).containsExactly("app-db", "api-key", "other");
        assertThat(resources).extracting(SecretSyncConfigDataResource::prefix).containsExactly("db.", "", "");
        assertThat(resources).allSatisfy(r -> assertThat(r.optional()).isTrue());
        assertThat(resources.get(0)).hasToString("secret-sync:app-db?prefix=db.");
    }

    @Test
    void badLocationsAreRefusedWithAReason() {
        assertThatThrownBy(() -> SecretSyncConfigDataLocationResolver.parse("", false)).hasMessageContaining("names no secret");
        assertThatThrownBy(() -> SecretSyncConfigDataLocationResolver.parse("?prefix=x", false)).hasMessageContaining("names no secret");
        assertThatThrownBy(() -> SecretSyncConfigDataLocationResolver.parse("a?stage=x", false)).hasMessageContaining("unknown option 'stage'");
    }
}
