package io.peerswitch.web.problem;

import io.peerswitch.server.session.SessionNotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A token that names no live session: 401 with {@code error="invalid_token"} (RFC 6750 section 3.1). */
@Provider
public class SessionNotFoundMapper implements ExceptionMapper<SessionNotFoundException> {

    @Override
    public Response toResponse(SessionNotFoundException e) {
        return Problems.unauthorized("the session has ended or the token is invalid; log in again", "invalid_token");
    }
}
