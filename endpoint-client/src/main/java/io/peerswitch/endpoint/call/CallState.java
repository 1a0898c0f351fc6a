package io.peerswitch.endpoint.call;

/** Where a call stands (the INVITE dialog of RFC 3261 sections 12-13, seen by the user). */
public enum CallState {
    /** Outgoing: INVITE sent, nothing back yet. */
    CALLING,
    /** Outgoing: the callee is alerted (180); incoming: we alert the user and sent 180. */
    RINGING,
    /** Incoming: answered with 200, waiting for the ACK (RFC 3261 section 13.3.1.4). */
    CONNECTING,
    /** The dialog is confirmed and media flows. */
    ACTIVE,
    /** We sent BYE or CANCEL. */
    ENDING,
    /** Over; the reason says why. */
    ENDED
}
