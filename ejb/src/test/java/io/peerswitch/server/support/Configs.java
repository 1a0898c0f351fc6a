package io.peerswitch.server.support;

import io.peerswitch.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** The server's own defaults file, optionally with overrides, as a {@link ServerConfig}. */
public final class Configs {

    private Configs() {
    }

    public static ServerConfig defaults() {
        return with(Map.of());
    }

    public static ServerConfig with(Map<String, String> overrides) {
        Properties defaults = new Properties();
        try (InputStream in = Configs.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ServerConfig.from(key -> Optional.ofNullable(overrides.getOrDefault(key, defaults.getProperty(key))));
    }
}
