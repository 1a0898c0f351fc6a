package io.peerswitch.wire.session;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.profile.Profile;
import io.peerswitch.wire.routing.RoutingEntry;
import java.util.List;

/**
 * The answer to a login (FIG. 4 step 404, FIG. 5 step 508): the session, the profile with its buddy
 * list, the routing table of every online location of every buddy, and what waits for the user.
 */
public record LoginResponse(SessionInfo session, Profile profile, List<RoutingEntry> routingTable,
                            List<PendingItem> pending) {

    public LoginResponse {
        Fields.required(session, "session");
        Fields.required(profile, "profile");
        routingTable = Fields.list(routingTable, "routingTable");
        pending = Fields.list(pending, "pending");
    }
}
