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
        return ServerConfig.from(key -> Optional.ofNullable(overrides.getOrDefault(key, defaults.getProperty(key))).map(Configs::expand));
    }

    /** {@code ${name:default}} as MicroProfile Config expands it in the server, from system properties here. */
    private static String expand(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = System.getProperty(m.group(1), m.group(2) == null ? "" : m.group(2));
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
