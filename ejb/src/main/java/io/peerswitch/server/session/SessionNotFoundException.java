package io.peerswitch.server.session;

import jakarta.ejb.ApplicationException;
import java.io.Serial;

/** A bearer token names no live location: malformed, logged out, expired, or replaced by a newer login. */
@ApplicationException(rollback = true)
public class SessionNotFoundException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    public SessionNotFoundException() {
        super("no such session; log in again");
    }
}
