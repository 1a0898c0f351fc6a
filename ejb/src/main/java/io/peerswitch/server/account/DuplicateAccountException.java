package io.peerswitch.server.account;

import jakarta.ejb.ApplicationException;
import java.io.Serial;

/** A registration or import names a user ID or e-mail address that another account already has. */
@ApplicationException(rollback = true)
public class DuplicateAccountException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String field;

    public DuplicateAccountException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field that collides: {@code userId} or {@code email}. */
    public String field() {
        return field;
    }
}
