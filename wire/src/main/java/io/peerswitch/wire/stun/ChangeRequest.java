package io.peerswitch.wire.stun;

/**
 * CHANGE-REQUEST: asks the server to answer from its other IP address and/or port, the test behind
 * the classic NAT classification (RFC 3489 section 11.2.4, RFC 5780 section 7.2).
 */
public record ChangeRequest(boolean changeIp, boolean changePort) implements StunAttribute {

    /** Attribute type 0x0003. */
    public static final int TYPE = 0x0003;

    /** Bit of the "change IP" flag (A) in the 32-bit value. */
    public static final int CHANGE_IP = 0x4;

    /** Bit of the "change port" flag (B) in the 32-bit value. */
    public static final int CHANGE_PORT = 0x2;

    @Override
    public int type() {
        return TYPE;
    }
}
