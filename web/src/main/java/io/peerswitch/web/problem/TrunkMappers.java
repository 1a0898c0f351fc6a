package io.peerswitch.web.problem;

import io.peerswitch.server.trunk.TrunkConflictException;
import io.peerswitch.server.trunk.TrunkNotFoundException;
import io.peerswitch.wire.problem.InvalidParam;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** Trunk administration refusals as RFC 9457 problems. */
public final class TrunkMappers {

    private TrunkMappers() {
    }

    /** No such trunk: 404. */
    @Provider
    public static class NotFound implements ExceptionMapper<TrunkNotFoundException> {
        @Override
        public Response toResponse(TrunkNotFoundException e) {
            return Problems.of(Problem.of("not-found", "No such trunk", 404, e.getMessage())).build();
        }
    }

    /** The name is taken, a listed user does not exist, or a new trunk has no password: 409 naming the field. */
    @Provider
    public static class Conflict implements ExceptionMapper<TrunkConflictException> {
        @Override
        public Response toResponse(TrunkConflictException e) {
            return Problems.of(Problem.of("trunk-conflict", "The trunk cannot be written so", 409, e.getMessage())
                    .withInvalidParams(List.of(new InvalidParam(e.field(), e.getMessage())))).build();
        }
    }
}
