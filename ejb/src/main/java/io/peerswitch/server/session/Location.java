package io.peerswitch.server.session;

import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.routing.RoutingEntry;
import java.time.Instant;
import java.util.Objects;

/**
 * One online endpoint of a user: what STUN told it (FIG. 5 step 506), which installation it is, until
 * when it stays online without a keepalive, the hash of its session token (never the token), and the
 * session key the endpoint made with the certificate the user authority issued for it (docs/security.md),
 * the reach token that lets its buddies have packets reflected to it (docs/reflector.md), and the certified
 * message key of its installation that IMs to it are encrypted to.
 */
public record Location(String locationId, String userId, String instanceId, TransportAddress publicAddress,
                       TransportAddress privateAddress, NatType natType, String observedAddress, String userAgent,
                       Instant since, Instant expiresAt, String tokenHash, TransportAddress reflector, String sessionKey,
                       String certificate, String reach, String messageKey) {

    public Location {
        Objects.requireNonNull(locationId, "locationId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(publicAddress, "publicAddress");
        Objects.requireNonNull(natType, "natType");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(tokenHash, "tokenHash");
    }

    /** A location whose login sent no session key: it has no certificate. */
    public Location(String locationId, String userId, String instanceId, TransportAddress publicAddress,
                    TransportAddress privateAddress, NatType natType, String observedAddress, String userAgent,
                    Instant since, Instant expiresAt, String tokenHash, TransportAddress reflector) {
        this(locationId, userId, instanceId, publicAddress, privateAddress, natType, observedAddress, userAgent, since,
                expiresAt, tokenHash, reflector, null, null, null, null);
    }

    /** A location with a session key and certificate but no reach token yet. */
    public Location(String locationId, String userId, String instanceId, TransportAddress publicAddress,
                    TransportAddress privateAddress, NatType natType, String observedAddress, String userAgent,
                    Instant since, Instant expiresAt, String tokenHash, TransportAddress reflector, String sessionKey,
                    String certificate) {
        this(locationId, userId, instanceId, publicAddress, privateAddress, natType, observedAddress, userAgent, since,
                expiresAt, tokenHash, reflector, sessionKey, certificate, null, null);
    }

    /** This location with its session certificate renewed (keepalive, docs/security.md). */
    public Location withCertificate(String renewed) {
        return new Location(locationId, userId, instanceId, publicAddress, privateAddress, natType, observedAddress, userAgent,
                since, expiresAt, tokenHash, reflector, sessionKey, renewed, reach, messageKey);
    }

    /** This location with {@code credential} as its installation's certified message key (login, docs/security.md). */
    public Location withMessageKey(String credential) {
        return new Location(locationId, userId, instanceId, publicAddress, privateAddress, natType, observedAddress, userAgent,
                since, expiresAt, tokenHash, reflector, sessionKey, certificate, reach, credential);
    }

    /** This location with {@code renewed} as its reach token (login and keepalive, docs/reflector.md). */
    public Location withReach(String renewed) {
        return new Location(locationId, userId, instanceId, publicAddress, privateAddress, natType, observedAddress, userAgent,
                since, expiresAt, tokenHash, reflector, sessionKey, certificate, renewed, messageKey);
    }

    /** Whether this location is still online at {@code now}. */
    public boolean isLive(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** This location kept alive until {@code newExpiry}, with addresses updated where the endpoint sent new ones. */
    public Location refreshed(Instant newExpiry, TransportAddress newPublic, TransportAddress newPrivate, NatType newNat,
                              TransportAddress newReflector) {
        return new Location(locationId, userId, instanceId,
                newPublic == null ? publicAddress : newPublic,
                newPrivate == null ? privateAddress : newPrivate,
                newNat == null ? natType : newNat,
                observedAddress, userAgent, since, newExpiry, tokenHash,
                newReflector == null ? reflector : newReflector, sessionKey, certificate, reach, messageKey);
    }

    /** The routing-table entry buddies receive for this location (FIG. 5 step 508). */
    public RoutingEntry toRoutingEntry() {
        return new RoutingEntry(userId, locationId, publicAddress, privateAddress, natType, since, reflector, certificate, reach,
                messageKey);
    }
}
