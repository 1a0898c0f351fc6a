package io.peerswitch.web.rest;

import io.peerswitch.server.session.SessionPrincipal;
import io.peerswitch.server.store.MailboxFullException;
import io.peerswitch.server.store.MessageKeyDirectory;
import io.peerswitch.server.store.MessageStore;
import io.peerswitch.server.store.NotABuddyException;
import io.peerswitch.server.store.StoredItemNotFoundException;
import io.peerswitch.web.security.SessionFilter;
import io.peerswitch.web.security.SessionRequired;
import io.peerswitch.wire.store.MessageDeposit;
import io.peerswitch.wire.store.RecipientKeys;
import io.peerswitch.wire.store.StoredMessage;
import io.peerswitch.wire.store.StoredMessages;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

/** Messages for buddies who are offline or unreachable (claims 15-18): deposit, retrieve, delete on instruction. */
@Path("messages")
@RequestScoped
@SessionRequired
@Tag(name = "messages")
@SecurityRequirement(name = "session")
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    @EJB
    private MessageStore store;

    @EJB
    private MessageKeyDirectory keys;

    @Context
    private UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Leave a message for a buddy who is offline or unreachable",
            description = "Kept until the recipient retrieves it and deletes it; announced among the recipient's pending items "
                    + "at login. Answered once the message is durable. A repeat with the same depositId stores nothing new. "
                    + "Only sealed messages are kept: the envelope is a CMS AuthEnvelopedData for the recipient's message "
                    + "keys (GET messages/keys/{userId}), which the server cannot read.")
    @APIResponse(responseCode = "201", description = "Kept")
    @APIResponse(responseCode = "200", description = "Kept already by an earlier request with the same depositId")
    @APIResponse(responseCode = "400", description = "A field is missing or malformed (named in invalid-params)")
    @APIResponse(responseCode = "403", description = "The recipient is not an accepted buddy")
    @APIResponse(responseCode = "409", description = "The recipient's mailbox is full")
    @APIResponse(responseCode = "413", description = "The body is too large")
    public Response deposit(@Context SecurityContext security, MessageDeposit deposit) throws NotABuddyException, MailboxFullException {
        MessageStore.Deposited kept = store.deposit(SessionFilter.caller(security).userId(), deposit);
        return kept.created()
                ? Response.created(uri.getAbsolutePathBuilder().path(kept.message().id()).build()).entity(kept.message()).build()
                : Response.ok(kept.message()).build();
    }

    @GET
    @Path("keys/{userId}")
    @Operation(summary = "The message keys of a buddy's installations, to seal what is left for it",
            description = "The message key credentials the access server certified at the buddy's latest logins, one per "
                    + "installation (at most 8), unexpired, newest first. Only for a mutually accepted buddy: anyone else gets "
                    + "the same 403 as an unknown user. The caller checks each against the user authority before sealing.")
    @APIResponse(responseCode = "200", description = "The credentials (possibly none)")
    @APIResponse(responseCode = "403", description = "Not a mutually accepted buddy (or no such user)")
    public RecipientKeys keys(@Context SecurityContext security, @PathParam("userId") String userId) throws NotABuddyException {
        return keys.keysFor(SessionFilter.caller(security).userId(), userId);
    }

    @GET
    @Operation(summary = "The messages kept for the caller, oldest first")
    @APIResponse(responseCode = "200", description = "The messages")
    public StoredMessages list(@Context SecurityContext security) {
        return new StoredMessages(store.messagesFor(SessionFilter.caller(security).userId()));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One message kept for the caller")
    @APIResponse(responseCode = "200", description = "The message")
    @APIResponse(responseCode = "404", description = "No such message of the caller")
    public StoredMessage get(@Context SecurityContext security, @PathParam("id") String id) throws StoredItemNotFoundException {
        return store.message(SessionFilter.caller(security).userId(), id);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a message the caller has retrieved (claim 15)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such message of the caller (or deleted already)")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) throws StoredItemNotFoundException {
        SessionPrincipal caller = SessionFilter.caller(security);
        store.delete(caller.userId(), id);
        return Response.noContent().build();
    }
}
