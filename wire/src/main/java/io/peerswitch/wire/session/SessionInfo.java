package io.peerswitch.wire.session;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.InvalidFieldException;
import java.time.Instant;
import java.util.List;

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
 * @param revokedDevices the fingerprints of the revoked, unexpired device certificates of the user's buddies (stock SIP
 *                      clients, docs/security.md), at most {@value #MAX_REVOKED}: refuse them over TLS; renewed with
 *                      each keepalive
 */
public record SessionInfo(String token, String locationId, int expires, Instant expiresAt, String observedAddress,
                          ReflectorGrant reflector, NotificationChannel notifications, String certificate,
                          String authority, String credential, String messageKey, List<String> revokedDevices) {

    /** Most revoked device fingerprints one session info carries. */
    public static final int MAX_REVOKED = 256;

    public SessionInfo {
        Fields.required(token, "token");
        Fields.required(locationId, "locationId");
        Fields.required(expiresAt, "expiresAt");
        certificate = io.peerswitch.wire.identity.Der.optional(certificate, "certificate");
        authority = io.peerswitch.wire.identity.Der.optional(authority, "authority");
        credential = Fields.optionalText(credential, "credential", io.peerswitch.wire.identity.LocationCredential.MAX_BYTES * 2);
        messageKey = Fields.optionalText(messageKey, "messageKey", io.peerswitch.wire.identity.LocationCredential.MAX_BYTES * 2);
        revokedDevices = Fields.list(revokedDevices, "revokedDevices");
        if (revokedDevices.size() > MAX_REVOKED) {
            throw new InvalidFieldException("revokedDevices", "must hold at most " + MAX_REVOKED);
        }
    }

    /** A session info without revoked devices. */
    public SessionInfo(String token, String locationId, int expires, Instant expiresAt, String observedAddress,
                       ReflectorGrant reflector, NotificationChannel notifications, String certificate,
                       String authority, String credential, String messageKey) {
        this(token, locationId, expires, expiresAt, observedAddress, reflector, notifications, certificate, authority, credential,
                messageKey, List.of());
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
