package io.peerswitch.web.problem;

import io.peerswitch.server.provisioning.ProvisioningException;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused provisioning file: 400 when it is invalid, 409 when it collides with stored accounts; nothing was written. */
@Provider
public class ProvisioningMapper implements ExceptionMapper<ProvisioningException> {

    @Override
    public Response toResponse(ProvisioningException e) {
        Problem problem = e.conflict()
                ? Problem.of("provisioning-conflict", "The file collides with existing accounts", 409,
                e.violations().size() + " conflict(s); nothing was imported")
                : Problem.of("invalid-provisioning-file", "The provisioning file is invalid", 400,
                e.violations().size() + " problem(s); nothing was imported");
        return Problems.of(problem.withInvalidParams(e.violations())).build();
    }
}
