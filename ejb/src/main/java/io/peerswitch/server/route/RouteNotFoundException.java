package io.peerswitch.server.route;

import jakarta.ejb.ApplicationException;

/** No route has this number. */
@ApplicationException(rollback = true)
public class RouteNotFoundException extends Exception {

    public RouteNotFoundException(long id) {
        super("no route " + id);
    }
}
