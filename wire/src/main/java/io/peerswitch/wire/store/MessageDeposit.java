package io.peerswitch.wire.store;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.session.InstanceIds;

/**
 * An instant message an endpoint could not deliver directly, handed to the access server to keep for
 * its recipient (claims 15-18). {@code depositId}, chosen by the sender, makes a retried upload
 * idempotent: the same sender with the same ID stores one message.
 *
 * @param to        the recipient's user ID: an accepted buddy of the sender
 * @param text      the message, 1 to {@value #MAX_TEXT} characters; line breaks allowed, other control characters not
 * @param depositId 1-64 of {@code A-Z a-z 0-9 . _ : -}
 */
public record MessageDeposit(String to, String text, String depositId) {

    /** Longest message the server keeps, in characters. */
    public static final int MAX_TEXT = 16_384;

    public MessageDeposit {
        to = Fields.text(to, "to", 64);
        text = Fields.multilineText(text, "text", MAX_TEXT);
        depositId = InstanceIds.check(depositId, "depositId");
    }
}
