package io.peerswitch.server.store;

import jakarta.ejb.ApplicationException;
import java.io.Serial;

/** No stored item of the caller has that ID: never stored, someone else's, or deleted already. */
@ApplicationException(rollback = true)
public class StoredItemNotFoundException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    public StoredItemNotFoundException(String id) {
        super("no stored item " + id);
    }
}
