package io.peerswitch.wire.stun;

import java.net.InetSocketAddress;

/**
 * RESPONSE-ORIGIN: the transport address a response was sent from, encoded like MAPPED-ADDRESS (RFC 5780
 * section 7.3).
 */
public record ResponseOrigin(InetSocketAddress address) implements StunAttribute {

    /** Attribute type 0x802B. */
    public static final int TYPE = 0x802B;

    public ResponseOrigin {
        Addresses.check(address, "RESPONSE-ORIGIN");
    }

    @Override
    public int type() {
        return TYPE;
    }
}
