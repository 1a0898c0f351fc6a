package io.peerswitch.wire.stun;

import java.net.InetSocketAddress;

/**
 * MAPPED-ADDRESS: the client's reflexive transport address in clear, kept for RFC 3489 clients (RFC 8489
 * section 14.1).
 */
public record MappedAddress(InetSocketAddress address) implements StunAttribute {

    /** Attribute type 0x0001. */
    public static final int TYPE = 0x0001;

    public MappedAddress {
        Addresses.check(address, "MAPPED-ADDRESS");
    }

    @Override
    public int type() {
        return TYPE;
    }
}
