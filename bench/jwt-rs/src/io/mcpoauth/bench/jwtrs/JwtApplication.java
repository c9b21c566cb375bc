package io.mcpoauth.bench.jwtrs;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * A resource server that validates mcp-oauth's JWT access tokens locally with MicroProfile JWT: the signature
 * against the keys at {@code mp.jwt.verify.publickey.location} (the server's own {@code /jwks}), the issuer and
 * the audience, all three from MicroProfile Config. No call to the authorization server per request.
 */
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT")
public class JwtApplication extends Application {
}
