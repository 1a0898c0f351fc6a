package io.peerswitch.wire.stun;

import java.net.InetSocketAddress;

/**
 * XOR-MAPPED-ADDRESS: the client's reflexive transport address, sent XOR'ed with the magic cookie (and the
 * transaction ID for IPv6) so NAT ALGs leave it alone (RFC 8489 section 14.2).
 */
public record XorMappedAddress(InetSocketAddress address) implements StunAttribute {

    /** Attribute type 0x0020. */
    public static final int TYPE = 0x0020;

    public XorMappedAddress {
        Addresses.check(address, "XOR-MAPPED-ADDRESS");
    }

    @Override
    public int type() {
        return TYPE;
    }
}
