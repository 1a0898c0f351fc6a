package io.peerswitch.web.problem;

import io.peerswitch.web.json.PayloadTooLargeException;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A body over its limit: 413 (RFC 9110 section 15.5.14); nothing of it was processed. */
@Provider
public class PayloadTooLargeMapper implements ExceptionMapper<PayloadTooLargeException> {

    @Override
    public Response toResponse(PayloadTooLargeException e) {
        return Problems.of(Problem.of("content-too-large", "The request body is too large", 413,
                "this resource accepts at most " + e.limit() + " bytes")).build();
    }
}
