package io.peerswitch.server.session;

import jakarta.ejb.ApplicationException;
import java.io.Serial;

/** The caller has no installation of that ID: no message key on the server and no live location. */
@ApplicationException(rollback = true)
public class InstallationNotFoundException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    public InstallationNotFoundException(String instanceId) {
        super("no installation " + instanceId + " of yours is known to the server");
    }
}
