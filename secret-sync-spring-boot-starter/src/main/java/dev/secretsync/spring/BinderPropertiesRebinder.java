package dev.secretsync.spring;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Rebinds, in place, every JavaBean-style {@code @ConfigurationProperties} bean, as Spring Cloud
 * does: not only those under a changed key, since a property may take a changed value through a
 * placeholder ({@code spring.datasource.password=${db.password}}). Constructor-bound (immutable)
 * beans cannot change and are skipped, as are the classes listed in
 * {@code secret-sync.refresh.never-rebind} (a started HikariDataSource refuses setters; its
 * credentials are rotated by the starter's Hikari support instead).
 */
public class BinderPropertiesRebinder implements PropertiesRebinder {

    private static final Log LOG = LogFactory.getLog(BinderPropertiesRebinder.class);

    private final ApplicationContext context;
    private final List<String> neverRebind;

    public BinderPropertiesRebinder(ApplicationContext context, List<String> neverRebind) {
        this.context = context;
        this.neverRebind = List.copyOf(neverRebind);
    }

    @Override
    public void rebind(Set<String> changedKeys) {
        Binder binder = Binder.get(context.getEnvironment());
        for (Map.Entry<String, ConfigurationPropertiesBean> entry : ConfigurationPropertiesBean.getAll(context).entrySet()) {
            ConfigurationPropertiesBean bean = entry.getValue();
            Object instance = bean.getInstance();
            if (bean.asBindTarget().getBindMethod() == BindMethod.VALUE_OBJECT || isNeverRebound(instance)) {
                continue;
            }
            String prefix = bean.getAnnotation().prefix().isEmpty() ? bean.getAnnotation().value() : bean.getAnnotation().prefix();
            try {
                binder.bind(ConfigurationPropertyName.of(prefix), Bindable.ofInstance(instance));
            } catch (RuntimeException e) {
                // The binder's messages name properties, and our property sources never reveal values.
                LOG.warn("rebinding @ConfigurationProperties bean '" + entry.getKey() + "' failed: " + e.getClass().getName());
            }
        }
    }

    private boolean isNeverRebound(Object instance) {
        for (String className : neverRebind) {
            if (ClassUtils.isPresent(className, context.getClassLoader())
                    && ClassUtils.resolveClassName(className, context.getClassLoader()).isInstance(instance)) {
                return true;
            }
        }
        return false;
    }
}
