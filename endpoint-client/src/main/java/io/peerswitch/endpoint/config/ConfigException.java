package io.peerswitch.endpoint.config;

import java.io.Serial;

/** A configuration file or value that cannot be used; the message names the key and, when known, the line. */
public final class ConfigException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
