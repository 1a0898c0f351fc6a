package io.peerswitch.web.problem;

import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anything no other mapper knows (a bug, a lost database): 500 as a problem that names an incident ID
 * and nothing of the server's internals; the stack trace goes to the server log under that ID.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());

    @Override
    public Response toResponse(Exception e) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "incident " + incident + ": a request failed unexpectedly", e);
        return Problems.of(Problem.of("internal-error", "Internal server error", 500,
                "the request failed unexpectedly; the server log has incident " + incident)).build();
    }
}
