package io.peerswitch.web.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.MDC;

/** Clears the caller the authentication filters put in the logging context, so a pooled thread does not carry it on. */
@Provider
public class LogContextCleanup implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MDC.remove("user");
    }
}
