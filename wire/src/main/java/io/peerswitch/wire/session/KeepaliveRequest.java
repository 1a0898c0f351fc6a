package io.peerswitch.wire.session;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;

/**
 * Keeps a location alive and, when its NAT mapping changed, updates what the routing table says about
 * it; every field is optional (an empty object only refreshes).
 */
public record KeepaliveRequest(TransportAddress publicAddress, TransportAddress privateAddress, NatType natType,
                               Integer expires, TransportAddress reflector) {

    /** The request of an endpoint that only wants to stay online. */
    public static final KeepaliveRequest REFRESH_ONLY = new KeepaliveRequest(null, null, null, null, null);

    public KeepaliveRequest {
        if (expires != null) {
            Fields.range(expires, "expires", 1, Integer.MAX_VALUE);
        }
    }
}
