package io.peerswitch.server.identity;

/** A device's certification request that cannot be certified (RFC 2986): unreadable, not self-signed, not P-256. */
public class InvalidCertificationRequestException extends Exception {

    public InvalidCertificationRequestException(String reason) {
        super(reason);
    }
}
