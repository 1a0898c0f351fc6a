package io.peerswitch.web.problem;

import io.peerswitch.server.throttle.LoginThrottledException;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Too many failed logins: 429 with Retry-After (RFC 6585 section 4). */
@Provider
public class LoginThrottledMapper implements ExceptionMapper<LoginThrottledException> {

    @Override
    public Response toResponse(LoginThrottledException e) {
        long seconds = Math.max(1, e.retryAfter().toSeconds());
        return Problems.of(Problem.of("login-throttled", "Too many failed logins", 429,
                        "too many failed logins for this account or from this address; try again in " + seconds + " s")
                        .withRetryAfter(seconds))
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .build();
    }
}
