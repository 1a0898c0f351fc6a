package io.peerswitch.wire.stun;

import java.net.InetSocketAddress;

/**
 * SOURCE-ADDRESS: the address a response was sent from, the classic predecessor of
 * RESPONSE-ORIGIN (RFC 3489 section 11.2.5).
 */
public record SourceAddress(InetSocketAddress address) implements StunAttribute {

    /** Attribute type 0x0004. */
    public static final int TYPE = 0x0004;

    public SourceAddress {
        Addresses.check(address, "SOURCE-ADDRESS");
    }

    @Override
    public int type() {
        return TYPE;
    }
}
