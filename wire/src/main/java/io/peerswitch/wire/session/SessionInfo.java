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
 * @param certificate   this location's session certificate (base64 DER X.509) for the key the login sent,
 *                      issued by {@code authority}; renewed with each keepalive (docs/security.md)
 * @param authority     the server's user authority certificate (base64 DER X.509): what every location's
 *                      certificate is checked against
 * @param credential    the compact form of {@code certificate} (base64url {@code LocationCredential}) that the
 *                      location puts in the Identity header of every SIP message it sends; renewed with it
 * @param messageKey    the certification of the installation's message key the login sent (base64url
 *                      {@code MessageKeyCredential}), which the endpoint shows its buddies in its signed presence
 *                      subscriptions (docs/security.md, "Messages end to end"); absent if the login sent none
 */
public record SessionInfo(String token, String locationId, int expires, Instant expiresAt, String observedAddress,
                          ReflectorGrant reflector, NotificationChannel notifications, String certificate,
                          String authority, String credential, String messageKey) {

    public SessionInfo {
        Fields.required(token, "token");
        Fields.required(locationId, "locationId");
        Fields.required(expiresAt, "expiresAt");
        certificate = io.peerswitch.wire.identity.Der.optional(certificate, "certificate");
        authority = io.peerswitch.wire.identity.Der.optional(authority, "authority");
        credential = Fields.optionalText(credential, "credential", io.peerswitch.wire.identity.LocationCredential.MAX_BYTES * 2);
        messageKey = Fields.optionalText(messageKey, "messageKey", io.peerswitch.wire.identity.LocationCredential.MAX_BYTES * 2);
    }

    /** A session whose login sent no message key. */
    public SessionInfo(String token, String locationId, int expires, Instant expiresAt, String observedAddress,
                       ReflectorGrant reflector, NotificationChannel notifications, String certificate,
                       String authority, String credential) {
        this(token, locationId, expires, expiresAt, observedAddress, reflector, notifications, certificate, authority, credential, null);
    }

    /** A session without certificates (a login that sent no session key). */
    public SessionInfo(String token, String locationId, int expires, Instant expiresAt, String observedAddress,
                       ReflectorGrant reflector, NotificationChannel notifications) {
        this(token, locationId, expires, expiresAt, observedAddress, reflector, notifications, null, null, null, null);
    }

    @Override
    public String toString() {
        return "SessionInfo[locationId=" + locationId + ", expires=" + expires + ", expiresAt=" + expiresAt
                + ", observedAddress=" + observedAddress + ", reflector=" + (reflector == null ? "none" : reflector.expiresAt())
                + ", certificate=" + (certificate != null) + ", token=***]";
    }
}
