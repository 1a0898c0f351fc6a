package io.peerswitch.web.security;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Credentials;
import io.peerswitch.server.account.InvalidCredentialsException;
import io.peerswitch.server.throttle.LoginThrottledException;
import io.peerswitch.web.problem.Problems;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.account.UserIds;
import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.logging.MDC;

/**
 * Admits a request only with an administrator's user ID and password in an {@code Authorization: Basic}
 * header (RFC 7617); failures count against the same login throttle as endpoint logins.
 */
@Provider
@AdministratorRequired
@Priority(Priorities.AUTHENTICATION)
public class AdministratorFilter implements ContainerRequestFilter {

    private static final String SCHEME = "Basic";
    private static final String CHALLENGE = "Basic realm=\"" + Problems.ADMIN_REALM + "\", charset=\"UTF-8\"";

    @EJB
    private Credentials credentials;

    @Context
    private HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String[] userAndPassword = decode(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        try {
            String userId = UserIds.normalise(userAndPassword[0], "user");
            Account admin = credentials.authenticateAdministrator(userId, userAndPassword[1], servletRequest.getRemoteAddr());
            request.setSecurityContext(new PeerswitchSecurityContext(admin::getUserId, PeerswitchSecurityContext.ADMINISTRATOR, SCHEME));
            MDC.put("user", admin.getUserId());
        } catch (InvalidFieldException | InvalidCredentialsException e) {
            throw new AuthenticationRequiredException(CHALLENGE, "an administrator's user ID and password are required");
        } catch (LoginThrottledException e) {
            throw new ThrottledAdministratorException(e);
        }
    }

    private static String[] decode(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            throw new AuthenticationRequiredException(CHALLENGE, "an administrator's user ID and password are required");
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(SCHEME.length() + 1).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("no colon");
            }
            return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            throw new AuthenticationRequiredException(CHALLENGE, "the Basic credentials are malformed (RFC 7617 section 2)");
        }
    }
}
