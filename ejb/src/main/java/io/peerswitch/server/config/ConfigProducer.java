package io.peerswitch.server.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/** Produces the {@link ServerConfig} and the {@link Clock} every bean of the access server injects. */
@ApplicationScoped
public class ConfigProducer {

    /** Settings from this module's defaults file, overridden by system properties and environment. */
    @Produces
    @Singleton
    public ServerConfig serverConfig() {
        // This module's class loader, so the defaults file of this jar is found whoever calls first.
        Config config = ConfigProviderResolver.instance().getConfig(ServerConfig.class.getClassLoader());
        return ServerConfig.from(key -> config.getOptionalValue(key, String.class));
    }

    /** Wall-clock time in UTC; tests construct services with a clock of their own instead. */
    @Produces
    @Singleton
    public Clock clock() {
        return Clock.systemUTC();
    }
}
