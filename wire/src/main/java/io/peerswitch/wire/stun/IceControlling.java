package io.peerswitch.wire.stun;

/**
 * ICE-CONTROLLING: the sender is in the controlling role, with its 64-bit tie-breaker (RFC 8445 sections
 * 7.1.3 and 16.1).
 */
public record IceControlling(long tieBreaker) implements StunAttribute {

    /** Attribute type 0x802A. */
    public static final int TYPE = 0x802A;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public String toString() {
        return String.format("IceControlling[tieBreaker=0x%016x]", tieBreaker);
    }
}
