package io.peerswitch.web.rest;

import io.peerswitch.server.store.MailboxFullException;
import io.peerswitch.server.store.NotABuddyException;
import io.peerswitch.server.store.StoredItemNotFoundException;
import io.peerswitch.server.store.VoicemailException;
import io.peerswitch.server.store.VoicemailStore;
import io.peerswitch.web.problem.Problems;
import io.peerswitch.web.security.SessionFilter;
import io.peerswitch.web.security.SessionRequired;
import io.peerswitch.wire.store.Voicemail;
import io.peerswitch.wire.store.VoicemailDeposit;
import io.peerswitch.wire.store.Voicemails;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.nio.file.Files;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Voicemails for buddies who were busy, did not answer, were unreachable or offline (FIG. 10, 11):
 * announce, upload (resumable), list, download, delete on the recipient's instruction.
 */
@Path("voicemails")
@RequestScoped
@SessionRequired
@Tag(name = "voicemails")
@SecurityRequirement(name = "session")
@Produces(MediaType.APPLICATION_JSON)
public class VoicemailsResource {

    @EJB
    private VoicemailStore store;

    @Context
    private UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Announce a voicemail for a buddy (size, SHA-256); its bytes follow with PUT .../content",
            description = "The same depositId again answers 200 with the voicemail as it stands: `received` (and the "
                    + "Upload-Offset header) says where an interrupted upload resumes.")
    @APIResponse(responseCode = "201", description = "Announced")
    @APIResponse(responseCode = "200", description = "Announced already: resume at received")
    @APIResponse(responseCode = "403", description = "The recipient is not an accepted buddy")
    @APIResponse(responseCode = "409", description = "The recipient's mailbox is full")
    @APIResponse(responseCode = "413", description = "Larger than the server keeps")
    public Response announce(@Context SecurityContext security, VoicemailDeposit deposit)
            throws NotABuddyException, MailboxFullException, VoicemailException {
        VoicemailStore.Announced announced = store.announce(SessionFilter.caller(security).userId(), deposit);
        Voicemail v = announced.voicemail();
        Response.ResponseBuilder response = announced.created()
                ? Response.created(uri.getAbsolutePathBuilder().path(v.id()).build()) : Response.ok();
        return response.entity(v).header("Upload-Offset", v.received()).build();
    }

    @PUT
    @Path("{id}/content")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Upload the voicemail's bytes from ?offset= (the announcement's received); Content-Length required",
            description = "Each piece is on disk before it counts. The last piece completes the voicemail when all bytes "
                    + "match the announced SHA-256 (then the recipient is told); a mismatch starts the upload again at 0.")
    @APIResponse(responseCode = "200", description = "Stored so far: received, complete")
    @APIResponse(responseCode = "400", description = "The bytes do not match the SHA-256 (checksum-mismatch); upload again from 0")
    @APIResponse(responseCode = "409", description = "Wrong offset (offset-mismatch; Upload-Offset says where) or complete already")
    @APIResponse(responseCode = "411", description = "No Content-Length")
    public Response upload(@Context SecurityContext security, @PathParam("id") String id,
                           @QueryParam("offset") @DefaultValue("0") long offset,
                           @HeaderParam("Content-Length") Long length, InputStream body)
            throws StoredItemNotFoundException, VoicemailException {
        if (length == null) {
            return Problems.of(io.peerswitch.wire.problem.Problem.of("length-required", "Length Required", 411,
                    "a voicemail piece needs a Content-Length")).build();
        }
        Voicemail v = store.append(SessionFilter.caller(security).userId(), id, offset, body, length);
        return Response.ok(v).header("Upload-Offset", v.received()).build();
    }

    @GET
    @Operation(summary = "The caller's complete voicemails, oldest first")
    @APIResponse(responseCode = "200", description = "The voicemails")
    public Voicemails list(@Context SecurityContext security) {
        return new Voicemails(store.voicemailsFor(SessionFilter.caller(security).userId()));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One voicemail: for its sender (to resume an upload) or its recipient")
    @APIResponse(responseCode = "200", description = "The voicemail")
    @APIResponse(responseCode = "404", description = "Not the caller's")
    public Voicemail get(@Context SecurityContext security, @PathParam("id") String id) throws StoredItemNotFoundException {
        return store.voicemail(SessionFilter.caller(security).userId(), id);
    }

    @GET
    @Path("{id}/content")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "The audio of a complete voicemail of the caller (FIG. 11 step 1112)")
    @APIResponse(responseCode = "200", description = "The voicemail as announced: sealed (application/pkcs7-mime), or audio/wav when kept before sealing")
    @APIResponse(responseCode = "404", description = "Not the caller's, or not complete")
    public Response content(@Context SecurityContext security, @PathParam("id") String id) throws StoredItemNotFoundException {
        VoicemailStore.Audio audio = store.audio(SessionFilter.caller(security).userId(), id);
        StreamingOutput out = output -> Files.copy(audio.file(), output);
        return Response.ok(out, audio.contentType()).header("Content-Length", audio.size()).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a voicemail the caller has retrieved (claims 4-5, FIG. 11 step 1114)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "Not the caller's (or deleted already)")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) throws StoredItemNotFoundException {
        store.delete(SessionFilter.caller(security).userId(), id);
        return Response.noContent().build();
    }
}
