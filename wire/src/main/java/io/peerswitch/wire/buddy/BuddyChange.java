package io.peerswitch.wire.buddy;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.routing.RoutingEntry;
import java.util.List;

/**
 * What the server did to a buddy relation (an answer, a delete, a block or unblock) and where the other
 * user is online now, so the endpoint that asked tells it directly, in real time.
 *
 * @param userId    the other user
 * @param relation  the caller's side of the relation now; {@code null} when there is none any more (deleted, denied)
 * @param locations the other user's online locations
 */
public record BuddyChange(String userId, RelationState relation, List<RoutingEntry> locations) {

    public BuddyChange {
        Fields.required(userId, "userId");
        locations = Fields.list(locations, "locations");
    }
}
