package io.peerswitch.wire.session;

import io.peerswitch.wire.Fields;
import java.time.Instant;

/**
 * What an endpoint needs to use the stateless reflectors (FIG. 24-25): the token the access server made
 * for its public address and the key that seals its packets, both Base64, until when they are valid, and
 * the server's clock at issue so the endpoint can stamp packets in the reflectors' time.
 *
 * @param token     {@link io.peerswitch.wire.reflector.ReflectorToken} bytes, Base64
 * @param packetKey the key of the packets' MAC, Base64; secret, like the session token
 * @param issuedAt  the access server's clock when it answered
 */
public record ReflectorGrant(String token, String packetKey, Instant expiresAt, Instant issuedAt) {

    public ReflectorGrant {
        Fields.required(token, "token");
        Fields.required(packetKey, "packetKey");
        Fields.required(expiresAt, "expiresAt");
        Fields.required(issuedAt, "issuedAt");
    }

    @Override
    public String toString() {
        return "ReflectorGrant[expiresAt=" + expiresAt + ", issuedAt=" + issuedAt + ", packetKey=***]";
    }
}
