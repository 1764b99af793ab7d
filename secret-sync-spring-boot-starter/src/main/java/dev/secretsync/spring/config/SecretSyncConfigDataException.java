package dev.secretsync.spring.config;

import org.springframework.boot.context.config.ConfigDataException;

/** A secret named in {@code spring.config.import} could not be read; start-up stops. */
public class SecretSyncConfigDataException extends ConfigDataException {

    private static final long serialVersionUID = 1L;

    public SecretSyncConfigDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
