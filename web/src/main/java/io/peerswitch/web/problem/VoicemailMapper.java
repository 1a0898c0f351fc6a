package io.peerswitch.web.problem;

import io.peerswitch.server.store.VoicemailException;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused voicemail upload as a problem; {@code Upload-Offset} says where the upload resumes. */
@Provider
public class VoicemailMapper implements ExceptionMapper<VoicemailException> {

    @Override
    public Response toResponse(VoicemailException e) {
        String title = switch (e.type()) {
            case "voicemail-too-large" -> "Voicemail too large";
            case "offset-mismatch" -> "Upload offset mismatch";
            case "checksum-mismatch" -> "Checksum mismatch";
            default -> "Upload complete already";
        };
        Response.ResponseBuilder response = Problems.of(Problem.of(e.type(), title, e.status(), e.getMessage()));
        if (e.offset() != null) {
            response.header("Upload-Offset", e.offset());
        }
        return response.build();
    }
}
