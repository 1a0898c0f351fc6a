package io.peerswitch.web.rest;

import io.peerswitch.server.identity.DeviceCertificates;
import io.peerswitch.server.identity.DeviceLimitException;
import io.peerswitch.server.identity.DeviceNotFoundException;
import io.peerswitch.server.identity.InvalidCertificationRequestException;
import io.peerswitch.wire.identity.Devices;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PathParam;
import io.peerswitch.web.security.SessionFilter;
import io.peerswitch.web.security.SessionRequired;
import io.peerswitch.wire.identity.DeviceCertificate;
import io.peerswitch.wire.identity.DeviceCertificateRequest;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Device certificates for the caller's stock SIP clients, which prove over SIP/TLS who they are, and their revocation (docs/security.md). */
@Path("devices")
@RequestScoped
@SessionRequired
@Tag(name = "devices")
@SecurityRequirement(name = "session")
@Produces(MediaType.APPLICATION_JSON)
public class DevicesResource {

    @EJB
    private DeviceCertificates certificates;

    @POST
    @Path("certificates")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Certify a stock SIP client's key as one of the caller's devices",
            description = "The request is a PKCS#10 certification request for a P-256 key the device made (openssl req -new). "
                    + "The answer is a certificate of the user authority naming the caller and a new device, valid for 30 days "
                    + "by default, and the authority's certificate: the client presents the first over SIP/TLS to the "
                    + "endpoints of the caller's buddies and checks theirs against the second. Each issue is audited.")
    @APIResponse(responseCode = "201", description = "Certified")
    @APIResponse(responseCode = "400", description = "The request is missing, unreadable, not self-signed or not P-256 (csr)")
    @APIResponse(responseCode = "409", description = "The caller already has 16 devices with an unexpired, unrevoked certificate")
    public Response certify(@Context SecurityContext security, DeviceCertificateRequest request)
            throws InvalidCertificationRequestException, DeviceLimitException {
        DeviceCertificate issued = certificates.issue(SessionFilter.caller(security).userId(), request);
        return Response.status(Response.Status.CREATED).entity(issued).build();
    }

    @GET
    @Operation(summary = "The caller's devices whose certificate has not expired, revoked ones included, newest first")
    @APIResponse(responseCode = "200", description = "The devices")
    public Devices list(@Context SecurityContext security) {
        return certificates.of(SessionFilter.caller(security).userId());
    }

    @DELETE
    @Path("{deviceId}")
    @Operation(summary = "Revoke a device (a lost or stolen phone)",
            description = "The endpoints of the caller's buddies learn the certificate's fingerprint with their next login or "
                    + "keepalive and refuse it over TLS from then on, and believe nothing more from a connection it opened.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No unexpired device of the caller by that ID")
    public Response revoke(@Context SecurityContext security, @PathParam("deviceId") String deviceId) throws DeviceNotFoundException {
        certificates.revoke(SessionFilter.caller(security).userId(), deviceId);
        return Response.noContent().build();
    }
}
