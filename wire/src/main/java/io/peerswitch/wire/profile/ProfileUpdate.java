package io.peerswitch.wire.profile;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.InvalidFieldException;

/** A change of the user's own display name, status or note; an absent field stays as it is. */
public record ProfileUpdate(String displayName, PresenceStatus status, String note) {

    /** Longest status note. */
    public static final int MAX_NOTE = 256;

    public ProfileUpdate {
        displayName = Fields.optionalText(displayName, "displayName", 128);
        if (displayName != null && displayName.isBlank()) {
            throw new InvalidFieldException("displayName", "must not be blank");
        }
        note = Fields.optionalText(note, "note", MAX_NOTE);
        if (displayName == null && status == null && note == null) {
            throw new InvalidFieldException("status", "at least one of displayName, status or note is required");
        }
    }
}
