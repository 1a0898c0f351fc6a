package io.peerswitch.web.problem;

import io.peerswitch.server.buddy.BuddyException;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused buddy operation as the problem its exception names; {@code Retry-After} for a request refused recently. */
@Provider
public class BuddyMapper implements ExceptionMapper<BuddyException> {

    @Override
    public Response toResponse(BuddyException e) {
        String title = switch (e.type()) {
            case "unknown-user" -> "No such user";
            case "not-allowed" -> "Not allowed";
            case "already-buddies" -> "Buddies already";
            case "request-exists" -> "A request exists already";
            case "not-blocked" -> "Not blocked";
            case "request-refused-recently" -> "Request refused recently";
            default -> "Not found";
        };
        Response.ResponseBuilder response = Problems.of(Problem.of(e.type(), title, e.status(), e.getMessage()));
        if (e.retryAfter() != null) {
            response.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return response.build();
    }
}
