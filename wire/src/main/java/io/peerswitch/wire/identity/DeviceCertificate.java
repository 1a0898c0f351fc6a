package io.peerswitch.wire.identity;

import io.peerswitch.wire.Fields;
import java.time.Instant;

/**
 * A device certificate the access server's user authority issued (docs/security.md, "Stock SIP clients"): what a
 * stock SIP client presents over TLS to its user's buddies' endpoints, and the authority it checks their
 * certificates against.
 *
 * @param deviceId    the location the certificate names ({@code urn:peerswitch:location:<deviceId>})
 * @param certificate the certificate in PEM (RFC 7468)
 * @param authority   the user authority's certificate in PEM: the client's CA file
 * @param fingerprint SHA-256 of the certificate (RFC 8122 form), as the audit trail records it
 * @param notAfter    when it expires; ask for a new one before
 */
public record DeviceCertificate(String userId, String deviceId, String certificate, String authority, String fingerprint,
                                Instant notAfter) {

    public DeviceCertificate {
        Fields.required(userId, "userId");
        Fields.required(deviceId, "deviceId");
        Fields.required(certificate, "certificate");
        Fields.required(authority, "authority");
        Fields.required(fingerprint, "fingerprint");
        Fields.required(notAfter, "notAfter");
    }
}
