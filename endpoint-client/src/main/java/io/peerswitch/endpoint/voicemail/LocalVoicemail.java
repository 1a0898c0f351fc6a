package io.peerswitch.endpoint.voicemail;

import java.time.Instant;
import java.util.Objects;

/**
 * A voicemail kept on this endpoint (claim 3: "for storage on the second endpoint"), under the ID the access
 * server gave it. {@code serverCopy} says whether the server may still hold its copy, which goes on the
 * user's delete or save (claims 4-5); a {@link State#DELETED} entry has no audio left and stays only until
 * the server confirmed its deletion, so the next login does not fetch it again.
 *
 * @param via how it arrived: {@code direct} from the caller (FIG. 10 step 1012) or {@code server} (FIG. 11 step 1112)
 */
public record LocalVoicemail(String id, String from, Instant createdAt, Instant receivedAt, long durationMillis, long size,
                             String sha256, String via, State state, boolean serverCopy) {

    /** Where the user stands with a voicemail. */
    public enum State {
        /** Not played yet: counted as new in the message-waiting summary (RFC 3842). */
        NEW,
        /** Played at least once: counted as old. */
        HEARD,
        /** Kept by the user; the server's copy released. */
        SAVED,
        /** Deleted by the user; waits for the server to confirm its copy is gone. */
        DELETED
    }

    public LocalVoicemail {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(state, "state");
    }

    /** This voicemail in {@code next}. */
    public LocalVoicemail withState(State next) {
        return new LocalVoicemail(id, from, createdAt, receivedAt, durationMillis, size, sha256, via, next, serverCopy);
    }

    /** This voicemail with the server's copy known to be there or gone. */
    public LocalVoicemail withServerCopy(boolean held) {
        return new LocalVoicemail(id, from, createdAt, receivedAt, durationMillis, size, sha256, via, state, held);
    }
}
