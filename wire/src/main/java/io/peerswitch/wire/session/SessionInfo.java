package io.peerswitch.wire.session;

import io.peerswitch.wire.Fields;
import java.time.Instant;

/**
 * The server's side of a login: the bearer token of this location (RFC 6750), how long it lives unless
 * refreshed, and the address the server saw the request come from.
 *
 * @param expires   granted lifetime in seconds; refresh well before it ends (half of it is a good habit)
 * @param reflector     the permission to use the reflectors until the session ends, when the server has reflector keys
 * @param notifications where to subscribe to the server's notices, when its SIP face is on (FIG. 6)
 */
public record SessionInfo(String token, String locationId, int expires, Instant expiresAt, String observedAddress,
                          ReflectorGrant reflector, NotificationChannel notifications) {

    public SessionInfo {
        Fields.required(token, "token");
        Fields.required(locationId, "locationId");
        Fields.required(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "SessionInfo[locationId=" + locationId + ", expires=" + expires + ", expiresAt=" + expiresAt
                + ", observedAddress=" + observedAddress + ", reflector=" + (reflector == null ? "none" : reflector.expiresAt())
                + ", token=***]";
    }
}
