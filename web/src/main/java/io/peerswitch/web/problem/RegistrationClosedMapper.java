package io.peerswitch.web.problem;

import io.peerswitch.server.account.RegistrationClosedException;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Self-registration is off: 403. */
@Provider
public class RegistrationClosedMapper implements ExceptionMapper<RegistrationClosedException> {

    @Override
    public Response toResponse(RegistrationClosedException e) {
        return Problems.of(Problem.of("registration-closed", "Registration is closed", 403, e.getMessage())).build();
    }
}
