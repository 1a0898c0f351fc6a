package io.peerswitch.wire.route;

import java.util.List;

/**
 * The external routes an endpoint may use (FIG. 14 steps 1404 and 1416): the whole table for its subscriptions
 * ({@code full}), or the changes since the version it had — routes added or changed, and the numbers of routes
 * removed. {@code version} is what to ask for changes since next time.
 *
 * @param tables the tables (subscription plans) this answer covers; when they differ from the ones the endpoint
 *               asked about, the answer is full
 */
public record RouteTable(long version, boolean full, List<String> tables, List<ExternalRoute> routes, List<Long> removed) {

    public RouteTable {
        tables = List.copyOf(tables);
        routes = List.copyOf(routes);
        removed = List.copyOf(removed);
    }
}
