package io.peerswitch.server.session;

import io.peerswitch.server.config.ServerConfig;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.reflector.ReflectorKeys;
import io.peerswitch.wire.reflector.ReflectorToken;
import io.peerswitch.wire.session.ReflectorGrant;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Issues reflector grants (FIG. 24-25): a token bound to the endpoint's public address, valid a little
 * longer than its session, and the key that seals its packets; the keys are the file the reflectors read.
 * Loaded when the application starts, so a bad key file stops the deployment with the reason.
 */
@ApplicationScoped
public class ReflectorGrants {

    private static final Logger LOG = Logger.getLogger(ReflectorGrants.class.getName());

    /** How long a token outlives the session it was issued with, so a keepalive's new token arrives in time. */
    public static final Duration GRACE = Duration.ofMinutes(1);

    @Inject
    ServerConfig config;

    @Inject
    SecureRandom random;

    private Optional<ReflectorKeys> keys = Optional.empty();

    @PostConstruct
    void load() {
        keys = config.reflectorKeyFile().map(file -> {
            try {
                ReflectorKeys read = ReflectorKeys.read(file);
                LOG.info(() -> "Reflector grants with key " + read.current().id() + " (" + read.current().fingerprint() + ") from " + file
                        + "; " + read.keys().size() + " key(s)");
                return read;
            } catch (IOException e) {
                throw new UncheckedIOException("peerswitch.reflector.key-file: cannot read " + file + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("peerswitch.reflector.key-file: " + e.getMessage(), e);
            }
        });
        if (keys.isEmpty()) {
            LOG.info("No peerswitch.reflector.key-file: endpoints get no reflector grant");
        }
    }

    /** Loads the keys when the application starts rather than at the first login. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        keys.isPresent();
    }

    /** A grant for a location at {@code publicAddress} whose session ends at {@code sessionEnds}, if reflectors are configured. */
    public Optional<ReflectorGrant> grant(TransportAddress publicAddress, Instant sessionEnds, Instant now) {
        return keys.map(k -> {
            InetAddress bound = publicAddress.toSocketAddress().getAddress();
            ReflectorToken.Issued issued = ReflectorToken.issue(k.current(), bound, sessionEnds.plus(GRACE), random);
            Base64.Encoder b64 = Base64.getEncoder();
            return new ReflectorGrant(b64.encodeToString(issued.token().encoded()), b64.encodeToString(issued.packetKey()),
                    issued.token().expiresAt(), now);
        });
    }

    /**
     * The reach token of a location at {@code publicAddress} whose session ends at {@code sessionEnds} (Base64), if
     * reflectors are configured: the leave to have packets reflected to it, which goes only to its buddies
     * (docs/reflector.md, "The reach token").
     */
    public Optional<String> reach(TransportAddress publicAddress, Instant sessionEnds) {
        return keys.map(k -> Base64.getEncoder().encodeToString(ReflectorToken.issueReach(k.current(),
                publicAddress.toSocketAddress().getAddress(), sessionEnds.plus(GRACE), random).encoded()));
    }
}
