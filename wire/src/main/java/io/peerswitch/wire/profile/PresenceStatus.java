package io.peerswitch.wire.profile;

/** The status a user chooses for others to see while online (RFC 3863 "note"-like states, kept to a closed set). */
public enum PresenceStatus {
    AVAILABLE,
    AWAY,
    BUSY,
    DO_NOT_DISTURB
}
