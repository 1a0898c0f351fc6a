package io.peerswitch.web.rest;

import io.peerswitch.server.buddy.BuddyException;
import io.peerswitch.server.buddy.BuddyService;
import io.peerswitch.web.security.SessionFilter;
import io.peerswitch.web.security.SessionRequired;
import io.peerswitch.wire.buddy.BuddyAnswer;
import io.peerswitch.wire.buddy.BuddyChange;
import io.peerswitch.wire.buddy.BuddyRequest;
import io.peerswitch.wire.buddy.BuddyRequestCreate;
import io.peerswitch.wire.buddy.BuddyRequests;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Buddy list operations (FIG. 7-9): the server records each first; an answer names where the other user is
 * online only when both sides have accepted the relation after the operation (docs/security.md).
 */
@Path("buddies")
@RequestScoped
@SessionRequired
@Tag(name = "buddies")
@SecurityRequirement(name = "session")
@Produces(MediaType.APPLICATION_JSON)
public class BuddiesResource {

    @EJB
    private BuddyService buddies;

    @Context
    private UriInfo uri;

    @POST
    @Path("requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask a user to become buddies (FIG. 7 step 710)",
            description = "Answers with the request the server holds; targetLocations is always empty (a requester is no "
                    + "buddy). The server announces the request to the target's subscribed locations (pending NOTIFY) and "
                    + "among its pending items at login.")
    @APIResponse(responseCode = "201", description = "Requested")
    @APIResponse(responseCode = "200", description = "The same open request existed already")
    @APIResponse(responseCode = "404", description = "No such user (unknown-user)")
    @APIResponse(responseCode = "403", description = "The user does not accept requests from the caller (not-allowed)")
    @APIResponse(responseCode = "409", description = "Buddies already, or the user has asked the caller already")
    @APIResponse(responseCode = "429", description = "The user denied a request recently (Retry-After)")
    public Response request(@Context SecurityContext security, BuddyRequestCreate create) throws BuddyException {
        BuddyService.Requested requested = buddies.request(SessionFilter.caller(security).userId(), create);
        return requested.created()
                ? Response.created(uri.getAbsolutePathBuilder().path(requested.answer().request().id()).build())
                        .entity(requested.answer()).build()
                : Response.ok(requested.answer()).build();
    }

    @GET
    @Path("requests")
    @Operation(summary = "The requests waiting for the caller's answer (fromLocations always empty)")
    @APIResponse(responseCode = "200", description = "The requests, oldest first")
    public BuddyRequests incoming(@Context SecurityContext security) throws BuddyException {
        return new BuddyRequests(buddies.incoming(SessionFilter.caller(security).userId()));
    }

    @GET
    @Path("requests/{id}")
    @Operation(summary = "One open request of which the caller is the requester or the target")
    @APIResponse(responseCode = "200", description = "The request")
    @APIResponse(responseCode = "404", description = "No such open request of the caller")
    public BuddyRequest get(@Context SecurityContext security, @PathParam("id") String id) throws BuddyException {
        return buddies.get(SessionFilter.caller(security).userId(), id);
    }

    @POST
    @Path("requests/{id}/answer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant or deny a request to the caller (FIG. 7 step 720, FIG. 8 step 818, FIG. 9 step 918)",
            description = "Updates both profiles and deletes the held request; a denial is remembered so a repeat is refused for a while.")
    @APIResponse(responseCode = "200", description = "Answered; after a grant the requester's online locations, after a denial none")
    @APIResponse(responseCode = "404", description = "No such open request to the caller")
    public BuddyChange answer(@Context SecurityContext security, @PathParam("id") String id, BuddyAnswer answer) throws BuddyException {
        return buddies.answer(SessionFilter.caller(security).userId(), id, answer.grant());
    }

    @DELETE
    @Path("requests/{id}")
    @Operation(summary = "Withdraw the caller's own open request")
    @APIResponse(responseCode = "204", description = "Withdrawn")
    @APIResponse(responseCode = "404", description = "No such open request of the caller")
    public Response withdraw(@Context SecurityContext security, @PathParam("id") String id) throws BuddyException {
        buddies.withdraw(SessionFilter.caller(security).userId(), id);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{userId}")
    @Operation(summary = "Delete a buddy, on both sides at once")
    @APIResponse(responseCode = "200", description = "Deleted; no locations (no buddies any more)")
    @APIResponse(responseCode = "404", description = "The user is not on the caller's list")
    public BuddyChange delete(@Context SecurityContext security, @PathParam("userId") String userId) throws BuddyException {
        return buddies.delete(SessionFilter.caller(security).userId(), userId);
    }

    @PUT
    @Path("{userId}/block")
    @Operation(summary = "Block a user: it no longer sees the caller online nor may ask again")
    @APIResponse(responseCode = "200", description = "Blocked; no locations")
    public BuddyChange block(@Context SecurityContext security, @PathParam("userId") String userId) throws BuddyException {
        return buddies.block(SessionFilter.caller(security).userId(), userId);
    }

    @DELETE
    @Path("{userId}/block")
    @Operation(summary = "Lift a block")
    @APIResponse(responseCode = "200", description = "Unblocked; the other's locations only when the relation is accepted on both sides again")
    @APIResponse(responseCode = "409", description = "The user was not blocked (not-blocked)")
    public BuddyChange unblock(@Context SecurityContext security, @PathParam("userId") String userId) throws BuddyException {
        return buddies.unblock(SessionFilter.caller(security).userId(), userId);
    }
}
