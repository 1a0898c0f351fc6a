package io.peerswitch.endpoint.identity;

import java.util.Objects;

/** A peer as its verified Identity header proves it (RFC 8224 section 6.2): the user and the location the access server certified. */
public record PeerIdentity(String userId, String locationId) {

    public PeerIdentity {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(locationId, "locationId");
    }
}
