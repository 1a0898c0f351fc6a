package io.peerswitch.server.account;

import io.peerswitch.server.config.ServerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;

/** Produces the one {@link PasswordHasher} and the {@link SecureRandom} of the access server. */
@ApplicationScoped
public class PasswordHasherProducer {

    /** Argon2id with the configured cost. */
    @Produces
    @Singleton
    public PasswordHasher passwordHasher(ServerConfig config, SecureRandom random) {
        return new PasswordHasher(config.argon2(), random);
    }

    /** The platform's non-blocking CSPRNG; thread-safe. */
    @Produces
    @Singleton
    public SecureRandom secureRandom() {
        return new SecureRandom();
    }
}
