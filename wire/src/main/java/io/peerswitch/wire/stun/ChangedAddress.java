package io.peerswitch.wire.stun;

import java.net.InetSocketAddress;

/**
 * CHANGED-ADDRESS: the address a CHANGE-REQUEST'ed response would come from, the classic predecessor of
 * OTHER-ADDRESS (RFC 3489 section 11.2.3).
 */
public record ChangedAddress(InetSocketAddress address) implements StunAttribute {

    /** Attribute type 0x0005. */
    public static final int TYPE = 0x0005;

    public ChangedAddress {
        Addresses.check(address, "CHANGED-ADDRESS");
    }

    @Override
    public int type() {
        return TYPE;
    }
}
