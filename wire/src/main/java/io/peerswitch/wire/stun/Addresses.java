package io.peerswitch.wire.stun;

import java.net.InetSocketAddress;

/**
 * Checks shared by the attributes that carry a transport address in the MAPPED-ADDRESS format (RFC 8489
 * section 14.1).
 */
final class Addresses {

    private Addresses() {
    }

    /** Returns {@code address} if it has an IP address (IPv4 or IPv6), not just an unresolved host name. */
    static InetSocketAddress check(InetSocketAddress address, String attribute) {
        if (address == null) {
            throw new IllegalArgumentException(attribute + " needs an address");
        }
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(attribute + " needs an IP address, not the unresolved name "
                    + address.getHostString());
        }
        return address;
    }
}
