package io.peerswitch.web.rest;

import io.peerswitch.server.route.RouteService;
import io.peerswitch.web.security.SessionFilter;
import io.peerswitch.web.security.SessionRequired;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.route.RouteTable;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The external routing tables an endpoint may use (FIG. 13 step 1304, FIG. 14 steps 1404 and 1416). */
@Path("routes")
@RequestScoped
@SessionRequired
@Tag(name = "routes")
@SecurityRequirement(name = "bearer")
public class RoutesResource {

    @EJB
    private RouteService routes;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The routes of the caller's subscriptions: whole, or the changes since a version for the tables held")
    public RouteTable get(@Context SecurityContext security, @QueryParam("since") String since, @QueryParam("tables") String tables) {
        Long version = null;
        if (since != null) {
            try {
                version = Long.parseLong(since);
            } catch (NumberFormatException e) {
                throw new InvalidFieldException("since", "must be a version number");
            }
        }
        List<String> held = tables == null ? null
                : Arrays.stream(tables.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        return routes.forUser(SessionFilter.caller(security).userId(), version, held);
    }
}
