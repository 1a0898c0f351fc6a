package io.peerswitch.web.rest;

import io.peerswitch.server.metrics.ServerMetrics;
import io.peerswitch.server.metrics.ServerMetrics.MetricsSnapshot;
import io.peerswitch.server.provisioning.CsvAccounts;
import io.peerswitch.server.provisioning.ProvisioningException;
import io.peerswitch.server.provisioning.ProvisioningService;
import io.peerswitch.server.session.SessionTable;
import io.peerswitch.web.json.BodyLimits;
import io.peerswitch.web.json.BoundedInputStream;
import io.peerswitch.web.security.AdministratorRequired;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.provisioning.ImportMode;
import io.peerswitch.wire.provisioning.ImportReport;
import io.peerswitch.wire.provisioning.ProvisioningFile;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Enterprise provisioning and operations: bulk import and export of accounts with buddy lists, server counters. */
@Path("admin")
@RequestScoped
@AdministratorRequired
@Tag(name = "administration")
@SecurityRequirement(name = "administrator")
public class AdministrationResource {

    /** Media type of CSV (RFC 4180 section 3). */
    public static final String TEXT_CSV = "text/csv";

    private static final Logger LOG = Logger.getLogger(AdministrationResource.class.getName());

    @EJB
    private ProvisioningService provisioning;

    @Inject
    private ServerMetrics metrics;

    @Inject
    private SessionTable sessions;

    @POST
    @Path("accounts/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import accounts with buddy lists and subscriptions from JSON, all or nothing")
    @APIResponse(responseCode = "200", description = "Imported; what was written")
    @APIResponse(responseCode = "400", description = "The file is invalid; every problem is named, nothing was written")
    @APIResponse(responseCode = "409", description = "The file collides with existing accounts; nothing was written")
    public ImportReport importJson(@QueryParam("mode") @DefaultValue("create") String mode, ProvisioningFile file)
            throws ProvisioningException {
        return provisioning.importAccounts(file, mode(mode));
    }

    @POST
    @Path("accounts/import")
    @Consumes(TEXT_CSV)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import accounts from CSV (RFC 4180 with a header row), all or nothing")
    @APIResponse(responseCode = "200", description = "Imported; what was written")
    @APIResponse(responseCode = "400", description = "The file is invalid; every problem is named, nothing was written")
    @APIResponse(responseCode = "409", description = "The file collides with existing accounts; nothing was written")
    public ImportReport importCsv(@QueryParam("mode") @DefaultValue("create") String mode, InputStream body)
            throws ProvisioningException {
        ImportMode importMode = mode(mode);
        // Reject bytes that are not UTF-8 instead of importing mangled names.
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ProvisioningFile file = CsvAccounts.read(new InputStreamReader(
                new BoundedInputStream(body, BodyLimits.PROVISIONING_BYTES), decoder));
        return provisioning.importAccounts(file, importMode);
    }

    @GET
    @Path("accounts/export")
    @Produces({MediaType.APPLICATION_JSON, TEXT_CSV})
    @Operation(summary = "Export every account with buddy list, subscriptions and password hash (JSON or CSV)")
    @APIResponse(responseCode = "200", description = "All accounts")
    public Response export(@QueryParam("format") String format, @Context HttpHeaders headers) {
        boolean csvWanted = format == null
                ? headers.getAcceptableMediaTypes().stream().findFirst()
                        .map(t -> t.isCompatible(MediaType.valueOf(TEXT_CSV)) && !t.isWildcardType()).orElse(false)
                : format.equalsIgnoreCase("csv");
        if (format != null && !csvWanted && !format.equalsIgnoreCase("json")) {
            throw new InvalidFieldException("format", "must be json or csv");
        }
        ProvisioningFile file = provisioning.exportAccounts();
        LOG.info(() -> "Exported " + file.accounts().size() + " account(s)");
        if (csvWanted) {
            StreamingOutput csv = out -> {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                CsvAccounts.write(file, writer);
                writer.flush();
            };
            return Response.ok(csv, TEXT_CSV + "; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"peerswitch-accounts.csv\"").build();
        }
        return Response.ok(file, MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("metrics")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Counters since start: logins, failures, throttling, password-hash CPU time, users online")
    @APIResponse(responseCode = "200", description = "The counters")
    public MetricsSnapshot metrics() {
        return metrics.snapshot(sessions.onlineUsers());
    }

    private static ImportMode mode(String mode) {
        try {
            return ImportMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("mode", "must be one of " + Arrays.toString(ImportMode.values()).toLowerCase(Locale.ROOT));
        }
    }
}
