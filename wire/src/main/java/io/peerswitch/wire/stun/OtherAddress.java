package io.peerswitch.wire.stun;

import java.net.InetSocketAddress;

/**
 * OTHER-ADDRESS: the server's alternate transport address for NAT behaviour discovery, encoded like
 * MAPPED-ADDRESS (RFC 5780 section 7.4).
 */
public record OtherAddress(InetSocketAddress address) implements StunAttribute {

    /** Attribute type 0x802C. */
    public static final int TYPE = 0x802C;

    public OtherAddress {
        Addresses.check(address, "OTHER-ADDRESS");
    }

    @Override
    public int type() {
        return TYPE;
    }
}
