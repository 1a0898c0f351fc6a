package io.peerswitch.wire.identity;

import io.peerswitch.wire.Fields;
import java.time.Instant;

/**
 * One of the caller's devices (docs/security.md, "Stock SIP clients"): a stock SIP client whose key the user authority
 * certified, until when, and whether the user revoked it.
 *
 * @param revokedAt when the user revoked it; null while it is good
 */
public record Device(String deviceId, String name, String fingerprint, Instant issuedAt, Instant notAfter, Instant revokedAt) {

    public Device {
        Fields.required(deviceId, "deviceId");
        Fields.required(fingerprint, "fingerprint");
        Fields.required(issuedAt, "issuedAt");
        Fields.required(notAfter, "notAfter");
    }
}
