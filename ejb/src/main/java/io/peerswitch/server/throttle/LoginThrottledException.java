package io.peerswitch.server.throttle;

import jakarta.ejb.ApplicationException;
import java.io.Serial;
import java.time.Duration;

/** Too many failed logins for this account or from this address; try again after {@link #retryAfter()}. */
@ApplicationException(rollback = true)
public class LoginThrottledException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public LoginThrottledException(Duration retryAfter) {
        super("too many failed logins; retry after " + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    /** How long until the next attempt will be considered. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
