package io.peerswitch.web.rest;

import io.peerswitch.server.route.RouteNotFoundException;
import io.peerswitch.server.route.RouteService;
import io.peerswitch.server.subscription.SubscriptionNotFoundException;
import io.peerswitch.server.subscription.SubscriptionService;
import io.peerswitch.web.security.AdministratorRequired;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.account.UserIds;
import io.peerswitch.wire.route.ExternalRoute;
import io.peerswitch.wire.route.RouteSpec;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Administration of the external routing tables (FIG. 12-14) and of the subscriptions that grant them; audited. */
@Path("admin")
@RequestScoped
@AdministratorRequired
@Tag(name = "administration")
@SecurityRequirement(name = "administrator")
@Produces(MediaType.APPLICATION_JSON)
public class RouteAdministrationResource {

    @EJB
    private RouteService routes;

    @EJB
    private SubscriptionService subscriptions;

    @Context
    private SecurityContext security;

    @GET
    @Path("routes")
    @Operation(summary = "Every route, or those of one table")
    public List<ExternalRoute> list(@QueryParam("table") String table) {
        return routes.list(table);
    }

    @GET
    @Path("routes/{id}")
    @APIResponse(responseCode = "404", description = "No such route")
    public ExternalRoute get(@PathParam("id") long id) throws RouteNotFoundException {
        return routes.get(id);
    }

    @POST
    @Path("routes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a route: numbers matching a pattern go to a gateway or IP-PBX; subscribed endpoints are told")
    @APIResponse(responseCode = "201", description = "Created")
    public Response create(RouteSpec spec, @Context UriInfo uri) {
        ExternalRoute created = routes.create(actor(), required(spec));
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build()).entity(created).build();
    }

    @PUT
    @Path("routes/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "404", description = "No such route")
    public ExternalRoute update(@PathParam("id") long id, RouteSpec spec) throws RouteNotFoundException {
        return routes.update(actor(), id, required(spec));
    }

    @DELETE
    @Path("routes/{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such route")
    public Response delete(@PathParam("id") long id) throws RouteNotFoundException {
        routes.delete(actor(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("accounts/{user}/subscriptions")
    @Operation(summary = "The plans a user subscribes to now")
    public List<String> subscriptions(@PathParam("user") String user) throws SubscriptionNotFoundException {
        return subscriptions.active(UserIds.normalise(user, "user"));
    }

    @PUT
    @Path("accounts/{user}/subscriptions/{plan}")
    @Operation(summary = "Subscribe a user to a plan (its routing table), open-ended or until a time; the user's endpoints are told")
    public List<String> subscribe(@PathParam("user") String user, @PathParam("plan") String plan,
                                  @QueryParam("until") String until) throws SubscriptionNotFoundException {
        Instant end;
        try {
            end = until == null || until.isBlank() ? null : Instant.parse(until);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("until", "must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
        return subscriptions.subscribe(actor(), UserIds.normalise(user, "user"), plan, end);
    }

    @DELETE
    @Path("accounts/{user}/subscriptions/{plan}")
    @APIResponse(responseCode = "404", description = "No such user or subscription")
    public List<String> unsubscribe(@PathParam("user") String user, @PathParam("plan") String plan)
            throws SubscriptionNotFoundException {
        return subscriptions.unsubscribe(actor(), UserIds.normalise(user, "user"), plan);
    }

    private String actor() {
        return security.getUserPrincipal().getName();
    }

    private static RouteSpec required(RouteSpec spec) {
        if (spec == null) {
            throw new InvalidFieldException(null, "a JSON body is required");
        }
        return spec;
    }
}
