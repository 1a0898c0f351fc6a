package io.peerswitch.server.trunk;

import jakarta.ejb.ApplicationException;

/** A trunk cannot be written as asked: the name is taken, a listed user does not exist, or a new trunk has no password. */
@ApplicationException(rollback = true)
public class TrunkConflictException extends Exception {

    private final String field;

    public TrunkConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault. */
    public String field() {
        return field;
    }
}
