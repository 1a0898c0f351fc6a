package io.peerswitch.server.trunk;

import jakarta.ejb.ApplicationException;

/** No trunk has this name. */
@ApplicationException(rollback = true)
public class TrunkNotFoundException extends Exception {

    public TrunkNotFoundException(String name) {
        super("no trunk named " + name);
    }
}
