package io.peerswitch.endpoint.media.rtcp;

/** Range checks shared by the RTCP records, whose 32-bit fields are unsigned (RFC 3550 section 6.4). */
final class Unsigned {

    static final long MAX_32 = 0xFFFF_FFFFL;

    private Unsigned() {
    }

    static long check32(long value, String field) {
        if (value < 0 || value > MAX_32) {
            throw new IllegalArgumentException(field + " must be an unsigned 32-bit value, was " + value);
        }
        return value;
    }
}
