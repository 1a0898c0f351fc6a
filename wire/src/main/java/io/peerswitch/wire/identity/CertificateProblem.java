package io.peerswitch.wire.identity;

/** Why a certificate was not accepted (RFC 5280 section 6 path validation, our profile in docs/security.md). */
public final class CertificateProblem extends Exception {

    public CertificateProblem(String message) {
        super(message, null, false, false);
    }
}
