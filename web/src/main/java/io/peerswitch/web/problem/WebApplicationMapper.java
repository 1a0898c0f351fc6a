package io.peerswitch.web.problem;

import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Errors the JAX-RS runtime raises itself (404 unknown path, 405, 406, 415 ...) as problems too, so
 * every error of the API has the same shape; headers the runtime set (Allow, ...) are kept.
 */
@Provider
public class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        Response.StatusType type = original.getStatusInfo();
        String title = type.getReasonPhrase() == null ? "HTTP " + status : type.getReasonPhrase();
        String name = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        Response.ResponseBuilder builder = Problems.of(Problem.of(name, title, status, title));
        original.getHeaders().forEach((header, values) -> {
            if (!header.equalsIgnoreCase("Content-Type") && !header.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> builder.header(header, v));
            }
        });
        return builder.build();
    }
}
