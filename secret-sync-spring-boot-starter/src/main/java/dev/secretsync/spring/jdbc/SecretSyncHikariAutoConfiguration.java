package dev.secretsync.spring.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.secretsync.core.embedded.SecretSync;
import dev.secretsync.spring.SecretSyncAutoConfiguration;
import dev.secretsync.spring.config.SecretSyncProperties;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** HikariCP credential rotation, on when {@code secret-sync.datasource.secret} names a secret. */
@AutoConfiguration(after = SecretSyncAutoConfiguration.class)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnProperty(prefix = "secret-sync.datasource", name = "secret")
public class SecretSyncHikariAutoConfiguration {

    @Bean
    @ConditionalOnBean(SecretSync.class)
    @ConditionalOnMissingBean
    public HikariCredentialRotator secretSyncHikariCredentialRotator(SecretSync sync, ListableBeanFactory beans,
                                                                     SecretSyncProperties properties) {
        return new HikariCredentialRotator(sync, beans, properties.getDatasource());
    }
}
