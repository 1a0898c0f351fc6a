package io.peerswitch.wire.route;

/** What an administrator writes for a route (FIG. 12-14): an {@link ExternalRoute} without its number. */
public record RouteSpec(String table, String pattern, Integer priority, String gateway, String username, String password,
                        Integer strip, String prefix, String description) {

    /** Validates by building the route it describes. */
    public RouteSpec {
        priority = priority == null ? 100 : priority;
        strip = strip == null ? 0 : strip;
        new ExternalRoute(0, table, pattern, priority, gateway, username, password, strip, prefix, description);
    }


    /** The route with number {@code id}. */
    public ExternalRoute toRoute(long id) {
        return new ExternalRoute(id, table, pattern, priority, gateway, username, password, strip, prefix, description);
    }

    @Override
    public String toString() {
        return toRoute(0).toString();
    }
}
