package io.peerswitch.wire.buddy;

import io.peerswitch.wire.Fields;
import java.util.List;

/** The buddy requests waiting for the caller's answer, oldest first. */
public record BuddyRequests(List<BuddyRequest> requests) {

    public BuddyRequests {
        requests = Fields.list(requests, "requests");
    }
}
