package io.peerswitch.web.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The access server's JSON API, version 1, at {@code /api/v1}; its OpenAPI document is served at {@code /openapi}. */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(
        info = @Info(title = "Peerswitch access server", version = "1",
                description = "Registration, login with profile and routing table (FIG. 4-6), keepalive, logout, "
                        + "profile, and administration of a Peerswitch hybrid peer-to-peer network. Errors are RFC 9457 "
                        + "problem documents (application/problem+json)."),
        tags = {
                @Tag(name = "accounts", description = "Registration (FIG. 4 step 402)"),
                @Tag(name = "sessions", description = "Login, keepalive and logout of endpoint locations (FIG. 4-6)"),
                @Tag(name = "profile", description = "The user's profile, buddy list and routing table"),
                @Tag(name = "administration", description = "Bulk provisioning and metrics; administrators only")},
        components = @Components(securitySchemes = {
                @SecurityScheme(securitySchemeName = "session", type = SecuritySchemeType.HTTP, scheme = "bearer",
                        description = "The token a login returned (RFC 6750)"),
                @SecurityScheme(securitySchemeName = "administrator", type = SecuritySchemeType.HTTP, scheme = "basic",
                        description = "An administrator's user ID and password (RFC 7617)")}))
public class ApiApplication extends Application {
}
