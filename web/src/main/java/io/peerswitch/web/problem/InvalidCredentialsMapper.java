package io.peerswitch.web.problem;

import io.peerswitch.server.account.InvalidCredentialsException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Wrong user ID or password: 401 with the same words whichever was wrong (OWASP ASVS V2.2). */
@Provider
public class InvalidCredentialsMapper implements ExceptionMapper<InvalidCredentialsException> {

    @Override
    public Response toResponse(InvalidCredentialsException e) {
        return Problems.unauthorized("the user ID or the password is wrong", null);
    }
}
