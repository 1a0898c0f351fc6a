package io.peerswitch.web.rest;

import io.peerswitch.server.audit.AuditTrail;
import io.peerswitch.server.trunk.TrunkConflictException;
import io.peerswitch.server.trunk.TrunkNotFoundException;
import io.peerswitch.server.trunk.TrunkService;
import io.peerswitch.web.security.AdministratorRequired;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.audit.AuditEntry;
import io.peerswitch.wire.trunk.TrunkNames;
import io.peerswitch.wire.trunk.TrunkSpec;
import io.peerswitch.wire.trunk.TrunkView;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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

/** The external SIP devices that may use the redirect server (FIG. 15), and the audit trail of such changes. */
@Path("admin")
@RequestScoped
@AdministratorRequired
@Tag(name = "administration")
@SecurityRequirement(name = "administrator")
@Produces(MediaType.APPLICATION_JSON)
public class TrunksResource {

    @EJB
    private TrunkService trunks;

    @EJB
    private AuditTrail audit;

    @Context
    private SecurityContext security;

    @GET
    @Path("trunks")
    @Operation(summary = "Every trunk (IP-PBX or gateway) with whom it may reach; never its credentials")
    public List<TrunkView> list() {
        return trunks.list();
    }

    @GET
    @Path("trunks/{name}")
    @Operation(summary = "One trunk")
    @APIResponse(responseCode = "404", description = "No such trunk")
    public TrunkView get(@PathParam("name") String name) throws TrunkNotFoundException {
        return trunks.get(TrunkNames.check(name, "name"));
    }

    @POST
    @Path("trunks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Provision a trunk: digest username (its name), password, whom it may reach")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "The name is taken, or a listed user does not exist")
    public Response create(TrunkSpec spec, @Context UriInfo uri) throws TrunkConflictException {
        TrunkView created = trunks.create(actor(), required(spec));
        return Response.created(uri.getAbsolutePathBuilder().path(created.name()).build()).entity(created).build();
    }

    @PUT
    @Path("trunks/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a trunk's settings; a password, if given, replaces its credentials")
    @APIResponse(responseCode = "404", description = "No such trunk")
    public TrunkView update(@PathParam("name") String name, TrunkSpec spec) throws TrunkNotFoundException, TrunkConflictException {
        if (!required(spec).name().equals(name)) {
            throw new InvalidFieldException("name", "differs from the trunk in the path");
        }
        return trunks.update(actor(), spec);
    }

    @DELETE
    @Path("trunks/{name}")
    @Operation(summary = "Delete a trunk: its INVITEs are refused from then on")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such trunk")
    public Response delete(@PathParam("name") String name) throws TrunkNotFoundException {
        trunks.delete(actor(), TrunkNames.check(name, "name"));
        return Response.noContent().build();
    }

    @GET
    @Path("audit")
    @Operation(summary = "Administrative changes since a time (ISO-8601, default: all), oldest first")
    public List<AuditEntry> audit(@QueryParam("since") String since, @QueryParam("limit") @DefaultValue("100") int limit) {
        Instant from;
        try {
            from = since == null || since.isBlank() ? Instant.EPOCH : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("since", "must be an ISO-8601 instant such as 2026-11-22T10:00:00Z");
        }
        if (limit < 1 || limit > AuditTrail.MAX_PAGE) {
            throw new InvalidFieldException("limit", "must be 1 to " + AuditTrail.MAX_PAGE);
        }
        return audit.since(from, limit);
    }

    private String actor() {
        return security.getUserPrincipal().getName();
    }

    private static TrunkSpec required(TrunkSpec spec) {
        if (spec == null) {
            throw new InvalidFieldException(null, "a JSON body is required");
        }
        return spec;
    }
}
