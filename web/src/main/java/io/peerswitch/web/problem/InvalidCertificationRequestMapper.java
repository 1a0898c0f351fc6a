package io.peerswitch.web.problem;

import io.peerswitch.server.identity.InvalidCertificationRequestException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A device's certification request that cannot be certified: 400 naming {@code csr}. */
@Provider
public class InvalidCertificationRequestMapper implements ExceptionMapper<InvalidCertificationRequestException> {

    @Override
    public Response toResponse(InvalidCertificationRequestException e) {
        return Problems.invalid("csr", e.getMessage());
    }
}
