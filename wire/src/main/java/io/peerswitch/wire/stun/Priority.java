package io.peerswitch.wire.stun;

/**
 * PRIORITY: the 32-bit unsigned priority of the peer-reflexive candidate an ICE check would
 * create (RFC 8445 sections 7.1.1 and 16.1).
 */
public record Priority(long priority) implements StunAttribute {

    /** Attribute type 0x0024. */
    public static final int TYPE = 0x0024;

    /** Largest priority: 2^32 - 1. */
    public static final long MAX_PRIORITY = 0xFFFF_FFFFL;

    public Priority {
        if (priority < 0 || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("PRIORITY is a 32-bit unsigned integer: " + priority);
        }
    }

    @Override
    public int type() {
        return TYPE;
    }
}
