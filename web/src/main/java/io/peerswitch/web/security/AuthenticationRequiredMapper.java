package io.peerswitch.web.security;

import io.peerswitch.web.problem.Problems;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Missing credentials: 401 with the challenge of the resource's scheme. */
@Provider
public class AuthenticationRequiredMapper implements ExceptionMapper<AuthenticationRequiredException> {

    @Override
    public Response toResponse(AuthenticationRequiredException e) {
        return Problems.of(Problem.of("unauthorized", "Authentication is required", 401, e.getMessage()))
                .header(HttpHeaders.WWW_AUTHENTICATE, e.challenge())
                .build();
    }
}
