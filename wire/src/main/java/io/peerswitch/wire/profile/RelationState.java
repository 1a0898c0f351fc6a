package io.peerswitch.wire.profile;

/** Where a buddy relation stands from its owner's side (FIG. 7-9: request, grant or deny, block). */
public enum RelationState {
    /** The owner asked the other user and awaits an answer. */
    PENDING,
    /** Both agreed to communicate: "buddies" in the sense of FIG. 4. */
    ACCEPTED,
    /** The owner refuses all contact from the other user. */
    BLOCKED
}
