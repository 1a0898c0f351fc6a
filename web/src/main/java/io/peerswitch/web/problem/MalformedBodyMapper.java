package io.peerswitch.web.problem;

import io.peerswitch.web.json.MalformedBodyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A body that is not the expected JSON: 400 naming the field. */
@Provider
public class MalformedBodyMapper implements ExceptionMapper<MalformedBodyException> {

    @Override
    public Response toResponse(MalformedBodyException e) {
        return Problems.invalid(e.field(), e.reason());
    }
}
