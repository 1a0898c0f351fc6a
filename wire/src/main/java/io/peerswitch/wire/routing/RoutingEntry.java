package io.peerswitch.wire.routing;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.identity.LocationCredential;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import java.time.Instant;

/**
 * One online location of a buddy: the public address and port STUN gave it, its private address and
 * its NAT type (FIG. 5 step 508: "the external IP address, port, and NAT type for each of the buddies").
 *
 * @param reflector the reflector the location keeps its NAT pinhole open towards: packets reflected there
 *                  reach it even through a NAT that drops unsolicited ones (FIG. 24); absent if unknown
 * @param certificate the location's session certificate (base64 DER X.509, docs/security.md): what authenticates
 *                    its requests and responses; absent for a location that logged in without a session key
 * @param reach the location's reach token (Base64 {@link io.peerswitch.wire.reflector.ReflectorToken}, purpose REACH):
 *              the leave, given to buddies only, to have the reflectors send to its address (docs/reflector.md);
 *              absent when the server has no reflector keys
 * @param messageKey the location's installation's message key, certified ({@link io.peerswitch.wire.identity.MessageKeyCredential},
 *                   base64url): what IMs to it are encrypted to (docs/security.md); absent if its login sent none
 */
public record RoutingEntry(String userId, String locationId, TransportAddress publicAddress,
                           TransportAddress privateAddress, NatType natType, Instant since, TransportAddress reflector,
                           String certificate, String reach, String messageKey) {

    /** Longest reach token in Base64: a token bound to an IPv6 address is 51 bytes. */
    public static final int MAX_REACH_CHARS = 100;

    public RoutingEntry {
        Fields.required(userId, "userId");
        Fields.required(locationId, "locationId");
        Fields.required(publicAddress, "publicAddress");
        Fields.required(natType, "natType");
        certificate = io.peerswitch.wire.identity.Der.optional(certificate, "certificate");
        reach = Fields.optionalText(reach, "reach", MAX_REACH_CHARS);
        messageKey = Fields.optionalText(messageKey, "messageKey", (LocationCredential.MAX_BYTES * 4 + 2) / 3);
    }

    /** An entry without a message key. */
    public RoutingEntry(String userId, String locationId, TransportAddress publicAddress,
                        TransportAddress privateAddress, NatType natType, Instant since, TransportAddress reflector,
                        String certificate, String reach) {
        this(userId, locationId, publicAddress, privateAddress, natType, since, reflector, certificate, reach, null);
    }

    /** An entry without a certificate. */
    public RoutingEntry(String userId, String locationId, TransportAddress publicAddress,
                        TransportAddress privateAddress, NatType natType, Instant since, TransportAddress reflector) {
        this(userId, locationId, publicAddress, privateAddress, natType, since, reflector, null, null);
    }

    /** An entry without a reach token. */
    public RoutingEntry(String userId, String locationId, TransportAddress publicAddress,
                        TransportAddress privateAddress, NatType natType, Instant since, TransportAddress reflector,
                        String certificate) {
        this(userId, locationId, publicAddress, privateAddress, natType, since, reflector, certificate, null);
    }

    /** This entry with {@code certificate}. */
    public RoutingEntry withCertificate(String certificate) {
        return new RoutingEntry(userId, locationId, publicAddress, privateAddress, natType, since, reflector, certificate, reach,
                messageKey);
    }

    /** This entry with {@code reach} as its reach token. */
    public RoutingEntry withReach(String reach) {
        return new RoutingEntry(userId, locationId, publicAddress, privateAddress, natType, since, reflector, certificate, reach,
                messageKey);
    }
}
