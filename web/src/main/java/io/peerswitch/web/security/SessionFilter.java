package io.peerswitch.web.security;

import io.peerswitch.server.session.LoginService;
import io.peerswitch.server.session.SessionNotFoundException;
import io.peerswitch.server.session.SessionPrincipal;
import io.peerswitch.web.problem.Problems;
import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.MDC;

/** Admits a request only with the bearer token of a live session (RFC 6750 section 2.1) and names its caller. */
@Provider
@SessionRequired
@Priority(Priorities.AUTHENTICATION)
public class SessionFilter implements ContainerRequestFilter {

    private static final String SCHEME = "Bearer";

    @EJB
    private LoginService logins;

    @Override
    public void filter(ContainerRequestContext request) {
        String token = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        try {
            SessionPrincipal principal = logins.authenticate(token);
            request.setSecurityContext(new PeerswitchSecurityContext(principal, PeerswitchSecurityContext.USER, SCHEME));
            MDC.put("user", principal.userId());
        } catch (SessionNotFoundException e) {
            throw new AuthenticationRequiredException(Problems.bearerChallenge("invalid_token"),
                    "the session has ended or the token is invalid; log in again");
        }
    }

    /** The token of an {@code Authorization: Bearer} header; a request without one gets the plain challenge. */
    public static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            throw new AuthenticationRequiredException(Problems.bearerChallenge(null),
                    "this resource needs the bearer token of a session (log in first)");
        }
        return authorization.substring(SCHEME.length() + 1).strip();
    }

    /** The caller a {@link SessionRequired} resource runs for. */
    public static SessionPrincipal caller(jakarta.ws.rs.core.SecurityContext context) {
        if (context.getUserPrincipal() instanceof SessionPrincipal principal) {
            return principal;
        }
        throw new IllegalStateException("the resource is not annotated @SessionRequired");
    }
}
