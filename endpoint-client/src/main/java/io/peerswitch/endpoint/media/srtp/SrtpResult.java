package io.peerswitch.endpoint.media.srtp;

/** What checking an SRTP or SRTCP packet gave (RFC 3711 section 3.3): the plain packet, or why it was refused. */
public sealed interface SrtpResult {

    /** Authenticated and decrypted. */
    record Plain(byte[] packet) implements SrtpResult {
    }

    /** Refused; nothing of the receiver's state changed. */
    record Refused(Reason reason) implements SrtpResult {
    }

    /** Why a packet was refused. */
    enum Reason { MALFORMED, AUTHENTICATION, REPLAY, TOO_MANY_SOURCES }
}
