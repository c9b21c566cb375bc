package io.mcpoauth.it.jwtrs;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * A resource server as an MCP server team would write one with MicroProfile JWT: it trusts mcp-oauth's JWT access
 * tokens through three MicroProfile Config properties only (the key location, the issuer, the audience).
 */
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles("mcp-users")
public class ProtectedApplication extends Application {
}
