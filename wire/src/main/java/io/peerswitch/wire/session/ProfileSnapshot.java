package io.peerswitch.wire.session;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.profile.Profile;
import io.peerswitch.wire.routing.RoutingEntry;
import java.util.List;

/** The profile, routing table and pending items fetched again by a logged-in endpoint (a login answer without a new session). */
public record ProfileSnapshot(Profile profile, List<RoutingEntry> routingTable, List<PendingItem> pending) {

    public ProfileSnapshot {
        Fields.required(profile, "profile");
        routingTable = Fields.list(routingTable, "routingTable");
        pending = Fields.list(pending, "pending");
    }
}
