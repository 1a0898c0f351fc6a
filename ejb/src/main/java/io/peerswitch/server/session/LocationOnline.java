package io.peerswitch.server.session;

import io.peerswitch.wire.routing.RoutingEntry;
import java.util.List;

/**
 * A location came online (FIG. 6 step 616): its routing entry and those of its online buddies, for the
 * server's SIP face to assist buddies behind NATs that drop unsolicited packets (step 618). Fired by
 * {@link LoginService#login} once the login has succeeded.
 */
public record LocationOnline(RoutingEntry location, List<RoutingEntry> buddies) {

    public LocationOnline {
        buddies = List.copyOf(buddies);
    }
}
