package io.peerswitch.wire.identity;

import io.peerswitch.wire.Fields;

/**
 * A user's request for a device certificate, so a stock SIP client (baresip, linphone) proves over TLS which user it
 * is (docs/security.md, "Stock SIP clients"): a PKCS#10 certification request (RFC 2986) for a P-256 key the device
 * made, whose private key never leaves it.
 *
 * @param csr  the request in PEM ({@code -----BEGIN CERTIFICATE REQUEST-----}) or base64 DER, at most
 *             {@value #MAX_CSR} characters
 * @param name what the user calls the device ("desk phone"), for the audit trail; optional
 */
public record DeviceCertificateRequest(String csr, String name) {

    /** Longest request accepted, in characters: a P-256 request in PEM is about 500. */
    public static final int MAX_CSR = 8_192;

    public DeviceCertificateRequest {
        csr = Fields.multilineText(csr, "csr", MAX_CSR);
        name = Fields.optionalText(name, "name", 64);
    }
}
