package io.peerswitch.web.rest;

import io.peerswitch.server.account.AccountService;
import io.peerswitch.server.account.DuplicateAccountException;
import io.peerswitch.server.account.RegistrationClosedException;
import io.peerswitch.wire.account.AccountView;
import io.peerswitch.wire.account.RegistrationRequest;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Registration of new users (FIG. 4 step 402). */
@Path("accounts")
@RequestScoped
@Tag(name = "accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountsResource {

    @EJB
    private AccountService accounts;

    @Context
    private UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a user with user ID, password and e-mail address")
    @APIResponse(responseCode = "201", description = "Registered; log in next")
    @APIResponse(responseCode = "400", description = "A field is missing or malformed (named in invalid-params)")
    @APIResponse(responseCode = "403", description = "Self-registration is closed on this server")
    @APIResponse(responseCode = "409", description = "The user ID or e-mail address is taken")
    public Response register(RegistrationRequest request) throws DuplicateAccountException, RegistrationClosedException {
        AccountView created = accounts.register(request);
        return Response.created(uri.getBaseUriBuilder().path("profile").build()).entity(created).build();
    }
}
