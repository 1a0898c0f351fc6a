package io.peerswitch.wire.stun;

/**
 * FINGERPRINT: the CRC-32 of the message up to this attribute XOR 0x5354554e, always the last
 * attribute (RFC 8489 section 14.7); the decoder refuses a message whose FINGERPRINT does not match.
 */
public record Fingerprint(int value) implements StunAttribute {

    /** Attribute type 0x8028. */
    public static final int TYPE = 0x8028;

    /**
     * What the CRC-32 is XOR'ed with, "STUN" in ASCII, so a CRC an application put in its own packets does
     * not pass.
     */
    public static final int XOR_VALUE = 0x5354554e;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public String toString() {
        return String.format("Fingerprint[0x%08x]", value);
    }
}
