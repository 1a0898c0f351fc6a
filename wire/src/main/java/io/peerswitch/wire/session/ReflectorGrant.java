package io.peerswitch.wire.session;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.routing.RoutingEntry;
import java.time.Instant;
import java.util.List;

/**
 * What an endpoint needs to use the stateless reflectors (FIG. 24-25): the token the access server made
 * for its public address and the key that seals its packets, both Base64, until when they are valid, and
 * the server's clock at issue so the endpoint can stamp packets in the reflectors' time.
 *
 * @param token     {@link io.peerswitch.wire.reflector.ReflectorToken} bytes, Base64
 * @param packetKey the key of the packets' MAC, Base64; secret, like the session token
 * @param issuedAt  the access server's clock when it answered
 * @param reach     the reach tokens (Base64 {@link io.peerswitch.wire.reflector.ReflectorToken}, purpose REACH) of the
 *                  accepted buddies' locations online now: where the reflectors will send this endpoint's packets.
 *                  Routing entries carry them too; a keepalive's grant brings them fresh (docs/reflector.md)
 */
public record ReflectorGrant(String token, String packetKey, Instant expiresAt, Instant issuedAt, List<String> reach) {

    /** Most reach tokens one grant carries: one per online buddy location, far more than any buddy list has. */
    public static final int MAX_REACH = 4096;

    public ReflectorGrant {
        Fields.required(token, "token");
        Fields.required(packetKey, "packetKey");
        Fields.required(expiresAt, "expiresAt");
        Fields.required(issuedAt, "issuedAt");
        reach = Fields.list(reach, "reach");
        if (reach.size() > MAX_REACH) {
            throw new InvalidFieldException("reach", "must have at most " + MAX_REACH + " tokens");
        }
        reach.forEach(r -> Fields.text(r, "reach", RoutingEntry.MAX_REACH_CHARS));
    }

    /** A grant without reach tokens. */
    public ReflectorGrant(String token, String packetKey, Instant expiresAt, Instant issuedAt) {
        this(token, packetKey, expiresAt, issuedAt, List.of());
    }

    /** This grant with {@code tokens} as its reach tokens. */
    public ReflectorGrant withReach(List<String> tokens) {
        return new ReflectorGrant(token, packetKey, expiresAt, issuedAt, tokens);
    }

    @Override
    public String toString() {
        return "ReflectorGrant[expiresAt=" + expiresAt + ", issuedAt=" + issuedAt + ", packetKey=***, reach=" + reach.size() + "]";
    }
}
