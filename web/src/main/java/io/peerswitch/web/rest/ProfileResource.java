package io.peerswitch.web.rest;

import io.peerswitch.server.account.AccountService;
import io.peerswitch.server.session.LoginService;
import io.peerswitch.server.session.SessionPrincipal;
import io.peerswitch.web.security.SessionFilter;
import io.peerswitch.web.security.SessionRequired;
import io.peerswitch.wire.profile.ProfileUpdate;
import io.peerswitch.wire.session.ProfileSnapshot;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The logged-in user's profile, buddy list, routing table and pending items, fetched again after login. */
@Path("profile")
@RequestScoped
@SessionRequired
@Tag(name = "profile")
@SecurityRequirement(name = "session")
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    @EJB
    private LoginService logins;

    @EJB
    private AccountService accounts;

    @GET
    @Operation(summary = "The profile with buddy list, the routing table and pending items, as at login")
    @APIResponse(responseCode = "200", description = "The current snapshot")
    @APIResponse(responseCode = "401", description = "The session has ended; log in again")
    public ProfileSnapshot get(@Context SecurityContext security) {
        return logins.snapshot(SessionFilter.caller(security));
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change display name, status or status note; absent fields stay as they are")
    @APIResponse(responseCode = "200", description = "Changed; the new snapshot")
    @APIResponse(responseCode = "400", description = "A field is malformed (named in invalid-params)")
    public ProfileSnapshot update(@Context SecurityContext security, ProfileUpdate update) {
        SessionPrincipal caller = SessionFilter.caller(security);
        accounts.updateProfile(caller.userId(), update);
        return logins.snapshot(caller);
    }
}
