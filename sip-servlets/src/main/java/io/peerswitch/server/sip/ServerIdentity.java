package io.peerswitch.server.sip;

import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.identity.LocationCredential;
import io.peerswitch.wire.identity.SipSignatures;
import io.peerswitch.wire.session.NotificationChannel;
import io.peerswitch.wire.sip.SipMessage;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The access server's signing identity on its SIP face (docs/security.md, "The server channel"): a key of its
 * own, certified by the user authority as {@value NotificationChannel#SERVER_USER} — a name no account can
 * have — and renewed before it ends. Endpoints believe the server's NOTIFYs only when they carry its signature.
 * Thread-safe.
 */
public final class ServerIdentity implements EndpointChannel.Signer {

    /** How long each credential of the server lives. */
    public static final Duration LIFETIME = Duration.ofHours(24);
    /** The server's location ID in its credential. */
    public static final String LOCATION = "access-server";

    /** How the user authority issues a credential: user, location, key, until. */
    @FunctionalInterface
    public interface Issuer {
        LocationCredential issue(String userId, String locationId, ECPublicKey key, Instant notAfter);
    }

    private final KeyPair keys = EcKeys.generate();
    private final Issuer issuer;
    private final Clock clock;
    private volatile LocationCredential credential;

    public ServerIdentity(Issuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    @Override
    public SipMessage sign(SipMessage message) {
        return SipSignatures.sign(message, keys.getPrivate(), current(), clock.instant());
    }

    private LocationCredential current() {
        Instant now = clock.instant();
        LocationCredential c = credential;
        if (c == null || c.notAfter().isBefore(now.plus(LIFETIME.dividedBy(2)))) {
            synchronized (this) {
                c = credential;
                if (c == null || c.notAfter().isBefore(now.plus(LIFETIME.dividedBy(2)))) {
                    c = issuer.issue(NotificationChannel.SERVER_USER, LOCATION, (ECPublicKey) keys.getPublic(), now.plus(LIFETIME));
                    credential = c;
                }
            }
        }
        return c;
    }
}
