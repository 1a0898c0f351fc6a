package io.peerswitch.endpoint.peer;

import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.RelationState;

/** One buddy as the endpoint shows it: relation, reachability and the status the buddy chose. */
public record BuddyView(String userId, String displayName, RelationState relation, Reachability reachability,
                        PresenceStatus status, String note) {

    /** Whether both sides accepted the relation, so sessions may be set up (FIG. 4). */
    public boolean accepted() {
        return relation == RelationState.ACCEPTED;
    }

    /** This buddy with a new reachability. */
    public BuddyView with(Reachability newReachability) {
        return new BuddyView(userId, displayName, relation, newReachability, status, note);
    }

    /** This buddy with a new status and note (from its own presence document). */
    public BuddyView with(PresenceStatus newStatus, String newNote) {
        return new BuddyView(userId, displayName, relation, reachability, newStatus, newNote);
    }
}
