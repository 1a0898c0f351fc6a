package io.peerswitch.server.route;

import java.util.Set;

/**
 * Routes changed at {@code version}, or subscriptions did: {@code userIds} are the users whose routing tables
 * differ now. Fired in the changing transaction; after it commits the SIP face tells their online endpoints,
 * which fetch the changes or the whole table (FIG. 14 steps 1410-1416).
 */
public record RoutesChanged(Set<String> userIds, long version) {

    public RoutesChanged {
        userIds = Set.copyOf(userIds);
    }
}
