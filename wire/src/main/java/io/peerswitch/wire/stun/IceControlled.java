package io.peerswitch.wire.stun;

/**
 * ICE-CONTROLLED: the sender is in the controlled role, with its 64-bit tie-breaker (RFC 8445 sections
 * 7.1.3 and 16.1).
 */
public record IceControlled(long tieBreaker) implements StunAttribute {

    /** Attribute type 0x8029. */
    public static final int TYPE = 0x8029;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public String toString() {
        return String.format("IceControlled[tieBreaker=0x%016x]", tieBreaker);
    }
}
