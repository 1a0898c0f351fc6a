package io.peerswitch.wire.buddy;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.InvalidFieldException;
import java.util.Set;

/**
 * What one endpoint tells another directly about their relation, as the JSON body of a SIP MESSAGE of
 * type {@value #CONTENT_TYPE}: a buddy request (FIG. 7 step 716), its answer (step 718), a deletion, a
 * block or an unblock — each after the server has recorded it.
 *
 * @param event     {@code request}, {@code granted}, {@code denied}, {@code deleted}, {@code blocked}, {@code unblocked}
 * @param requestId the server's ID of the request, for {@code request}, {@code granted} and {@code denied}
 * @param note      the requester's note, for {@code request}
 */
public record BuddyNotice(String event, String requestId, String note) {

    /** The body type of a buddy notice. */
    public static final String CONTENT_TYPE = "application/vnd.peerswitch.buddy+json";
    public static final String REQUEST = "request";
    public static final String GRANTED = "granted";
    public static final String DENIED = "denied";
    public static final String DELETED = "deleted";
    public static final String BLOCKED = "blocked";
    public static final String UNBLOCKED = "unblocked";
    private static final Set<String> EVENTS = Set.of(REQUEST, GRANTED, DENIED, DELETED, BLOCKED, UNBLOCKED);

    public BuddyNotice {
        Fields.required(event, "event");
        if (!EVENTS.contains(event)) {
            throw new InvalidFieldException("event", "must be one of " + String.join(", ", new java.util.TreeSet<>(EVENTS)));
        }
        if (Set.of(REQUEST, GRANTED, DENIED).contains(event)) {
            Fields.text(requestId, "requestId", 64);
        }
        note = Fields.optionalText(note, "note", BuddyRequestCreate.MAX_NOTE);
    }
}
