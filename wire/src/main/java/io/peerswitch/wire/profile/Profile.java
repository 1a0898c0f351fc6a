package io.peerswitch.wire.profile;

import io.peerswitch.wire.Fields;
import java.util.List;

/** A user's profile as the access server keeps it and hands it out at login (FIG. 4 step 404). */
public record Profile(String userId, String displayName, String email, PresenceStatus status, String note,
                      List<String> subscriptions, List<Buddy> buddies) {

    public Profile {
        Fields.required(userId, "userId");
        Fields.required(status, "status");
        subscriptions = Fields.list(subscriptions, "subscriptions");
        buddies = Fields.list(buddies, "buddies");
    }
}
