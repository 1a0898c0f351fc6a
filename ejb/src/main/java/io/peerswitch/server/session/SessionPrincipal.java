package io.peerswitch.server.session;

import java.security.Principal;

/** Who sent an authenticated request: a user at one of its locations (RFC 6750 bearer token holder). */
public record SessionPrincipal(String userId, String locationId) implements Principal {

    @Override
    public String getName() {
        return userId;
    }
}
