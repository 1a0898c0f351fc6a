package io.peerswitch.web.problem;

import io.peerswitch.server.identity.DeviceLimitException;
import io.peerswitch.server.identity.DeviceNotFoundException;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The device refusals as RFC 9457 problems. */
public final class DeviceMappers {

    private DeviceMappers() {
    }

    /** No unexpired device of the caller by that ID: 404. */
    @Provider
    public static class NotFound implements ExceptionMapper<DeviceNotFoundException> {
        @Override
        public Response toResponse(DeviceNotFoundException e) {
            return Problems.of(Problem.of("not-found", "No such device", 404, e.getMessage())).build();
        }
    }

    /** As many devices as the server certifies for one user: 409. */
    @Provider
    public static class Limit implements ExceptionMapper<DeviceLimitException> {
        @Override
        public Response toResponse(DeviceLimitException e) {
            return Problems.of(Problem.of("device-limit", "Too many devices", 409, e.getMessage())).build();
        }
    }
}
