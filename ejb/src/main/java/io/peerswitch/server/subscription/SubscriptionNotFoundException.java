package io.peerswitch.server.subscription;

import jakarta.ejb.ApplicationException;

/** No such user, or the user has no such subscription. */
@ApplicationException(rollback = true)
public class SubscriptionNotFoundException extends Exception {

    public SubscriptionNotFoundException(String message) {
        super(message);
    }
}
