package io.peerswitch.wire.stun;

/**
 * The class of a STUN message, the C1 and C0 bits of the message type (RFC 8489 section 5), declared
 * in the order of those two bits read as a number.
 */
public enum StunClass {
    /** C1 C0 = 0b00: asks for a response. */
    REQUEST,
    /** C1 C0 = 0b01: needs no response. */
    INDICATION,
    /** C1 C0 = 0b10: the request succeeded. */
    SUCCESS_RESPONSE,
    /** C1 C0 = 0b11: the request failed; carries an ERROR-CODE. */
    ERROR_RESPONSE;

    private static final StunClass[] BY_BITS = values();

    /** The two class bits, C1 as bit 1 and C0 as bit 0. */
    int bits() {
        return ordinal();
    }

    /** The class whose bits are {@code bits}, 0 to 3. */
    static StunClass ofBits(int bits) {
        return BY_BITS[bits];
    }
}
