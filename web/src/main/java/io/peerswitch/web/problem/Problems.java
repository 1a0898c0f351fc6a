package io.peerswitch.web.problem;

import io.peerswitch.wire.problem.InvalidParam;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds responses that carry an RFC 9457 problem. */
public final class Problems {

    /** The realm of bearer-token authentication (RFC 6750 section 3). */
    public static final String BEARER_REALM = "peerswitch";
    /** The realm of administrators' basic authentication (RFC 7617). */
    public static final String ADMIN_REALM = "peerswitch-admin";

    private Problems() {
    }

    /** A response with {@code problem} as its body and status. */
    public static Response.ResponseBuilder of(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    /** 400 naming one refused field (or none for a syntax error). */
    public static Response invalid(String field, String reason) {
        Problem problem = Problem.of("invalid-request", "The request is malformed", 400,
                field == null ? reason : field + ": " + reason);
        return of(field == null ? problem : problem.withInvalidParams(List.of(new InvalidParam(field, reason)))).build();
    }

    /** The WWW-Authenticate value of bearer tokens (RFC 6750 section 3), {@code error} as in its section 3.1 or null. */
    public static String bearerChallenge(String error) {
        return "Bearer realm=\"" + BEARER_REALM + "\"" + (error == null ? "" : ", error=\"" + error + "\"");
    }

    /** 401 with the challenge of bearer tokens. */
    public static Response unauthorized(String detail, String error) {
        return of(Problem.of("unauthorized", "Authentication is required", 401, detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, bearerChallenge(error))
                .build();
    }
}
