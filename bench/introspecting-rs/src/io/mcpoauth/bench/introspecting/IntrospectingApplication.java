package io.mcpoauth.bench.introspecting;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * A resource server that checks every bearer token by asking the authorization server's {@code /introspect}
 * (RFC 7662), as an MCP server with opaque tokens does.
 */
@ApplicationPath("/")
public class IntrospectingApplication extends Application {
}
