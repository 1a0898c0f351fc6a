package io.peerswitch.wire.provisioning;

import io.peerswitch.wire.account.UserIds;
import io.peerswitch.wire.profile.RelationState;

/** One entry of a provisioned buddy list: the other user and the relation as the owner sees it (default accepted). */
public record ProvisionedBuddy(String userId, RelationState state) {

    public ProvisionedBuddy {
        userId = UserIds.normalise(userId, "userId");
        state = state == null ? RelationState.ACCEPTED : state;
    }
}
