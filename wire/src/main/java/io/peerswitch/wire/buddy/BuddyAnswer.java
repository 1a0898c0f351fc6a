package io.peerswitch.wire.buddy;

import io.peerswitch.wire.Fields;

/** The target's answer to a buddy request (FIG. 7 step 720, FIG. 8 step 818): grant or deny. */
public record BuddyAnswer(Boolean grant) {

    public BuddyAnswer {
        Fields.required(grant, "grant");
    }
}
