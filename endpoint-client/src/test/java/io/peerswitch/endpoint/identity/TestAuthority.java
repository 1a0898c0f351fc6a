package io.peerswitch.endpoint.identity;

import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.identity.LocationCredential;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;

/** A user authority for tests, standing in for the access server's: it certifies session keys as the login does. */
public final class TestAuthority {

    private final KeyPair keys = EcKeys.generate();

    /** A signer and verifier for {@code user}'s location {@code locationId}, certified by this authority for an hour. */
    public PeerAuthenticator authenticator(String user, String locationId, Clock clock) {
        KeyPair session = EcKeys.generate();
        PeerAuthenticator authenticator = new PeerAuthenticator(clock);
        authenticator.configure(session.getPrivate(), credential(user, locationId, session, clock), keys.getPublic());
        return authenticator;
    }

    /** A credential of this authority for {@code session}'s public key. */
    public LocationCredential credential(String user, String locationId, KeyPair session, Clock clock) {
        return LocationCredential.issue(keys.getPrivate(), user, locationId, (ECPublicKey) session.getPublic(),
                clock.instant().plus(Duration.ofHours(1)));
    }

    /** The authority's key pair (to make credentials a test then tampers with). */
    public KeyPair keys() {
        return keys;
    }
}
