package io.peerswitch.wire.buddy;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.routing.RoutingEntry;
import java.util.List;

/**
 * The server's answer to a buddy request (FIG. 7 step 714, FIG. 8 step 810): the request it holds, and
 * the target's online locations, to which the requester sends the request directly; none when the
 * target is offline and learns of it at its next login.
 */
public record BuddyRequestCreated(BuddyRequest request, List<RoutingEntry> targetLocations) {

    public BuddyRequestCreated {
        Fields.required(request, "request");
        targetLocations = Fields.list(targetLocations, "targetLocations");
    }
}
