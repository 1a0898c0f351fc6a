package io.peerswitch.server.store;

import jakarta.ejb.ApplicationException;
import java.io.Serial;

/** Something was addressed to a user who is not an accepted buddy of the sender (or does not exist: the answer is the same). */
@ApplicationException(rollback = true)
public class NotABuddyException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    public NotABuddyException(String recipient) {
        super(recipient + " is not an accepted buddy of yours");
    }
}
