package io.peerswitch.web.rest;

import io.peerswitch.server.account.InvalidCredentialsException;
import io.peerswitch.server.session.LoginService;
import io.peerswitch.server.session.SessionNotFoundException;
import io.peerswitch.server.throttle.LoginThrottledException;
import io.peerswitch.web.security.SessionFilter;
import io.peerswitch.web.security.SessionRequired;
import io.peerswitch.wire.session.KeepaliveRequest;
import io.peerswitch.wire.session.LoginRequest;
import io.peerswitch.wire.session.LoginResponse;
import io.peerswitch.wire.session.SessionInfo;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Login, keepalive and logout (FIG. 4 steps 402-404, FIG. 5 steps 506-508): the make-and-break
 * exchanges between an endpoint and the access server; everything else goes peer to peer.
 */
@Path("sessions")
@RequestScoped
@Tag(name = "sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @EJB
    private LoginService logins;

    @Context
    private HttpServletRequest http;

    @Context
    private UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in from an endpoint with what STUN told it",
            description = "Answers with the session token, the profile and buddy list, the routing table of every "
                    + "online location of every buddy, and pending items. Several endpoints of one user are separate "
                    + "locations; a new login of the same endpoint instance replaces its previous location.")
    @APIResponse(responseCode = "201", description = "Logged in")
    @APIResponse(responseCode = "400", description = "A field is missing or malformed (named in invalid-params)")
    @APIResponse(responseCode = "401", description = "Wrong user ID or password (the answer does not say which)")
    @APIResponse(responseCode = "429", description = "Too many failed logins for the account or from the address")
    public Response login(LoginRequest request) throws InvalidCredentialsException, LoginThrottledException {
        LoginResponse response = logins.login(request, http.getRemoteAddr());
        return Response.created(uri.getAbsolutePathBuilder().path("current").build()).entity(response).build();
    }

    @POST
    @Path("current/keepalive")
    @SessionRequired
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "session")
    @Operation(summary = "Keep this location online; optionally report a changed address or NAT type")
    @APIResponse(responseCode = "200", description = "Kept alive until the returned expiry")
    @APIResponse(responseCode = "401", description = "The session has ended; log in again")
    public SessionInfo keepalive(@Context SecurityContext security, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 KeepaliveRequest request) throws SessionNotFoundException {
        return logins.keepalive(SessionFilter.caller(security), SessionFilter.bearerToken(authorization),
                request == null ? KeepaliveRequest.REFRESH_ONLY : request);
    }

    @DELETE
    @Path("current")
    @SessionRequired
    @SecurityRequirement(name = "session")
    @Operation(summary = "Log out: take this location offline")
    @APIResponse(responseCode = "204", description = "Logged out")
    @APIResponse(responseCode = "401", description = "The session had ended already")
    public Response logout(@Context SecurityContext security) {
        logins.logout(SessionFilter.caller(security));
        return Response.noContent().build();
    }
}
