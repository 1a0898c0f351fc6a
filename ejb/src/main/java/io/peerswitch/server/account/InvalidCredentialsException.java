package io.peerswitch.server.account;

import jakarta.ejb.ApplicationException;
import java.io.Serial;

/** User ID and password do not match an account; deliberately silent about which of the two was wrong. */
@ApplicationException(rollback = true)
public class InvalidCredentialsException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    public InvalidCredentialsException() {
        super("invalid credentials");
    }
}
