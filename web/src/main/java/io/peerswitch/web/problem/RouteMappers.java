package io.peerswitch.web.problem;

import io.peerswitch.server.route.RouteNotFoundException;
import io.peerswitch.server.subscription.SubscriptionNotFoundException;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Routing-table and subscription administration refusals as RFC 9457 problems. */
public final class RouteMappers {

    private RouteMappers() {
    }

    /** No such route: 404. */
    @Provider
    public static class RouteNotFound implements ExceptionMapper<RouteNotFoundException> {
        @Override
        public Response toResponse(RouteNotFoundException e) {
            return Problems.of(Problem.of("not-found", "No such route", 404, e.getMessage())).build();
        }
    }

    /** No such user or subscription: 404. */
    @Provider
    public static class SubscriptionNotFound implements ExceptionMapper<SubscriptionNotFoundException> {
        @Override
        public Response toResponse(SubscriptionNotFoundException e) {
            return Problems.of(Problem.of("not-found", "No such user or subscription", 404, e.getMessage())).build();
        }
    }
}
