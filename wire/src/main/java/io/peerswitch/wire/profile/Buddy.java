package io.peerswitch.wire.profile;

import io.peerswitch.wire.Fields;

/**
 * One entry of a buddy list: whom, where the relation stands, and whether the server knows the buddy
 * to be online (the blue/red of FIG. 5; green comes from the buddy's own answer, never from the server).
 */
public record Buddy(String userId, String displayName, RelationState relation, boolean online, PresenceStatus status) {

    public Buddy {
        Fields.required(userId, "userId");
        Fields.required(relation, "relation");
        if (!online) {
            status = null;
        }
    }
}
