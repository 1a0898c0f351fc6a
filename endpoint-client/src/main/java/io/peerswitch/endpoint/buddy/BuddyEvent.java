package io.peerswitch.endpoint.buddy;

import java.time.Instant;

/** What became of a buddy list operation (FIG. 7-9), ours or the other user's, as the user is told. */
public sealed interface BuddyEvent {

    /** The user the event is about. */
    String userId();

    /** {@code from} asks to become our buddy (FIG. 7 step 716; at login, FIG. 8 step 814), confirmed by the server. */
    record RequestReceived(String from, String requestId, String note, Instant createdAt) implements BuddyEvent {
        @Override
        public String userId() {
            return from;
        }
    }

    /**
     * Our request to {@code to} is on the server (FIG. 7 step 710) and was {@code delivered} directly to at
     * least one of its locations (step 716); otherwise {@code reason} says why not, and the server keeps it
     * for the target's next login (FIG. 8 step 810).
     */
    record RequestSent(String to, String requestId, boolean delivered, String reason) implements BuddyEvent {
        @Override
        public String userId() {
            return to;
        }
    }

    /** We granted or denied the request of {@code requester} (FIG. 7 steps 718-720). */
    record AnswerSent(String requester, String requestId, boolean granted) implements BuddyEvent {
        @Override
        public String userId() {
            return requester;
        }
    }

    /** {@code by} granted or denied our request (FIG. 7 step 718, FIG. 8 step 816). */
    record RequestAnswered(String by, String requestId, boolean granted) implements BuddyEvent {
        @Override
        public String userId() {
            return by;
        }
    }

    /** The relation with {@code userId} was deleted from both lists: by us, or {@code byThem}. */
    record Removed(String userId, boolean byThem) implements BuddyEvent {
    }

    /** We blocked {@code userId}, or it blocked us ({@code byThem}). */
    record Blocked(String userId, boolean byThem) implements BuddyEvent {
    }

    /** We unblocked {@code userId}, or it unblocked us ({@code byThem}). */
    record Unblocked(String userId, boolean byThem) implements BuddyEvent {
    }
}
