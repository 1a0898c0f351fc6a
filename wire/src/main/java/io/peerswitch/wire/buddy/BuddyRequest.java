package io.peerswitch.wire.buddy;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.routing.RoutingEntry;
import java.time.Instant;
import java.util.List;

/**
 * A buddy request the server holds until its target answers (FIG. 8 step 810): who asked whom, when, and
 * where the requester is online now, so the target answers it directly (FIG. 8 step 816).
 *
 * @param fromLocations the requester's online locations (empty when it is offline, FIG. 9)
 */
public record BuddyRequest(String id, String from, String to, String note, Instant createdAt, List<RoutingEntry> fromLocations) {

    public BuddyRequest {
        Fields.required(id, "id");
        Fields.required(from, "from");
        Fields.required(to, "to");
        Fields.required(createdAt, "createdAt");
        fromLocations = Fields.list(fromLocations, "fromLocations");
    }
}
