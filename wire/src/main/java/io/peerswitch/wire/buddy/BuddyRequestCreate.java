package io.peerswitch.wire.buddy;

import io.peerswitch.wire.Fields;

/** A request to become buddies with {@code to} (FIG. 7 step 710), with an optional note for its user. */
public record BuddyRequestCreate(String to, String note) {

    /** Longest note. */
    public static final int MAX_NOTE = 256;

    public BuddyRequestCreate {
        to = Fields.text(to, "to", 64);
        note = Fields.optionalText(note, "note", MAX_NOTE);
    }
}
