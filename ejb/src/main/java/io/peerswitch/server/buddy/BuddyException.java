package io.peerswitch.server.buddy;

import jakarta.ejb.ApplicationException;
import java.io.Serial;
import java.time.Duration;

/**
 * A buddy operation the server refuses (FIG. 7-9), with the problem type and HTTP status the API answers:
 * {@code unknown-user} 404, {@code not-found} 404, {@code not-allowed} 403, {@code already-buddies} 409,
 * {@code request-exists} 409, {@code not-blocked} 409, {@code request-refused-recently} 429.
 */
@ApplicationException(rollback = true)
public class BuddyException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;
    private final Duration retryAfter;

    private BuddyException(String type, int status, String message, Duration retryAfter) {
        super(message);
        this.type = type;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public static BuddyException unknownUser(String userId) {
        return new BuddyException("unknown-user", 404, "there is no user " + userId, null);
    }

    public static BuddyException notFound(String what) {
        return new BuddyException("not-found", 404, what, null);
    }

    public static BuddyException notAllowed(String userId) {
        return new BuddyException("not-allowed", 403, userId + " does not accept requests from you", null);
    }

    public static BuddyException conflict(String type, String message) {
        return new BuddyException(type, 409, message, null);
    }

    public static BuddyException refusedRecently(String userId, Duration retryAfter) {
        return new BuddyException("request-refused-recently", 429, userId + " denied your request recently; ask again later", retryAfter);
    }

    /** The problem type name. */
    public String type() {
        return type;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** For {@code request-refused-recently}: how long until a new request is accepted; else {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
