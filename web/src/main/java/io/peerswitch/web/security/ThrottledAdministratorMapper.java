package io.peerswitch.web.security;

import io.peerswitch.web.problem.LoginThrottledMapper;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A throttled administrator login: the same 429 as an endpoint's. */
@Provider
public class ThrottledAdministratorMapper implements ExceptionMapper<ThrottledAdministratorException> {

    private final LoginThrottledMapper throttled = new LoginThrottledMapper();

    @Override
    public Response toResponse(ThrottledAdministratorException e) {
        return throttled.toResponse(e.throttled());
    }
}
