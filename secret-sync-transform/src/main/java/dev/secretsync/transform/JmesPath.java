package dev.secretsync.transform;

/**
 * One {@code jmesPath} item of a data entry: the result of {@code path} becomes the key {@code objectAlias}.
 *
 * @param path        a JMESPath expression, for example {@code friends[0].name}
 * @param objectAlias the Secret key for the result
 */
public record JmesPath(String path, String objectAlias) {

    public JmesPath {
        Checks.requireText(path, "jmesPath.path");
        Checks.requireText(objectAlias, "jmesPath.objectAlias");
    }
}
