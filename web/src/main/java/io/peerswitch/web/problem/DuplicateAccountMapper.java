package io.peerswitch.web.problem;

import io.peerswitch.server.account.DuplicateAccountException;
import io.peerswitch.wire.problem.InvalidParam;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** A registration that collides with an existing account: 409 naming the field. */
@Provider
public class DuplicateAccountMapper implements ExceptionMapper<DuplicateAccountException> {

    @Override
    public Response toResponse(DuplicateAccountException e) {
        return Problems.of(Problem.of("duplicate-account", "The account exists already", 409, e.getMessage())
                .withInvalidParams(List.of(new InvalidParam(e.field(), e.getMessage())))).build();
    }
}
