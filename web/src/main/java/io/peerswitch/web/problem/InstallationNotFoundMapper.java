package io.peerswitch.web.problem;

import io.peerswitch.server.session.InstallationNotFoundException;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** No installation of the caller by that ID: 404. */
@Provider
public class InstallationNotFoundMapper implements ExceptionMapper<InstallationNotFoundException> {

    @Override
    public Response toResponse(InstallationNotFoundException e) {
        return Problems.of(Problem.of("not-found", "No such installation", 404, e.getMessage())).build();
    }
}
