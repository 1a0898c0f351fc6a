package io.peerswitch.web.problem;

import io.peerswitch.wire.InvalidFieldException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A value a wire record refused outside JSON parsing (a query parameter, a header): 400 naming it. */
@Provider
public class InvalidFieldMapper implements ExceptionMapper<InvalidFieldException> {

    @Override
    public Response toResponse(InvalidFieldException e) {
        return Problems.invalid(e.field(), e.reason());
    }
}
