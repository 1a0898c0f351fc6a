package io.peerswitch.web.rest;

import io.peerswitch.server.session.InstallationNotFoundException;
import io.peerswitch.server.session.InstallationService;
import io.peerswitch.web.security.SessionFilter;
import io.peerswitch.web.security.SessionRequired;
import io.peerswitch.wire.session.Installations;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's endpoint installations, and revoking a lost or stolen one (docs/security.md). */
@Path("installations")
@RequestScoped
@SessionRequired
@Tag(name = "installations")
@SecurityRequirement(name = "session")
@Produces(MediaType.APPLICATION_JSON)
public class InstallationsResource {

    @EJB
    private InstallationService installations;

    @GET
    @Operation(summary = "The caller's installations: message keys the server keeps for them, and which are online")
    @APIResponse(responseCode = "200", description = "The installations")
    public Installations list(@Context SecurityContext security) {
        return installations.of(SessionFilter.caller(security).userId());
    }

    @DELETE
    @Path("{instanceId}")
    @Operation(summary = "Revoke an installation (a lost or stolen device)",
            description = "Forgets its message key, so buddies seal nothing more for it, and ends its live sessions, so it "
                    + "renews no credential. Messages and voicemails sealed for it before stay readable with its key file; "
                    + "change the password too.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No installation of the caller by that ID")
    public Response revoke(@Context SecurityContext security, @PathParam("instanceId") String instanceId)
            throws InstallationNotFoundException {
        installations.revoke(SessionFilter.caller(security).userId(), instanceId);
        return Response.noContent().build();
    }
}
