package dev.secretsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.spring.actuate.SecretSyncActuatorAutoConfiguration;
import dev.secretsync.spring.config.SecretSyncConfigDataLoader;
import dev.secretsync.spring.config.SecretSyncConfigDataLocationResolver;
import dev.secretsync.spring.jdbc.SecretSyncHikariAutoConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.StringUtils;

/** What Spring finds on the class path: auto-configurations, the config import, IDE metadata. */
class RegistrationTest {

    @Test
    void autoConfigurationsAreRegistered() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
                .contains(SecretSyncAutoConfiguration.class.getName(), SecretSyncHikariAutoConfiguration.class.getName(),
                        SecretSyncActuatorAutoConfiguration.class.getName());
    }

    @Test
    void theConfigImportIsRegistered() throws IOException {
        assertThat(factoryNames(ConfigDataLocationResolver.class)).contains(SecretSyncConfigDataLocationResolver.class.getName());
        assertThat(factoryNames(ConfigDataLoader.class)).contains(SecretSyncConfigDataLoader.class.getName());
    }

    /** What every spring.factories on the class path registers for a type. */
    private List<String> factoryNames(Class<?> type) throws IOException {
        List<String> names = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION))) {
            Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(url));
            names.addAll(StringUtils.commaDelimitedListToSet(factories.getProperty(type.getName(), "")));
        }
        return names;
    }

    @Test
    void configurationMetadataDescribesTheProperties() throws IOException {
        StringBuilder all = new StringBuilder();
        var resources = getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
        while (resources.hasMoreElements()) {
            try (InputStream in = resources.nextElement().openStream()) {
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(all.toString()).contains("\"secret-sync.refresh-interval\"", "\"secret-sync.max-staleness\"",
                "\"secret-sync.kms.region\"", "\"secret-sync.kms.auth.kind\"", "\"secret-sync.datasource.secret\"",
                "\"java.time.Duration\"");
    }
}
