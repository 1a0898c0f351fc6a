package io.peerswitch.web.security;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The authenticated caller of one request, as JAX-RS resources read it from {@code @Context SecurityContext}. */
record PeerswitchSecurityContext(Principal principal, String role, String scheme) implements SecurityContext {

    /** Role of endpoint sessions. */
    static final String USER = "user";
    /** Role of administrators. */
    static final String ADMINISTRATOR = "administrator";

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String name) {
        return role.equals(name);
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public String getAuthenticationScheme() {
        return scheme;
    }
}
