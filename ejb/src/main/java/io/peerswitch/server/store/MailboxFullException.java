package io.peerswitch.server.store;

import jakarta.ejb.ApplicationException;
import java.io.Serial;

/** The recipient already has as many stored items as the server keeps for one user. */
@ApplicationException(rollback = true)
public class MailboxFullException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    public MailboxFullException(String recipient, int limit) {
        super(recipient + " has " + limit + " stored messages already, as many as the server keeps; try again after they log in");
    }

    /** With its own explanation. */
    public MailboxFullException(String message) {
        super(message);
    }
}
