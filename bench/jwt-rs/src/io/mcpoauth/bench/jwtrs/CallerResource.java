package io.mcpoauth.bench.jwtrs;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller's name as MicroProfile JWT read it from the bearer token; 401 without a valid one. The same answer as
 * the introspecting resource server's, so that the two differ only in how the token is checked.
 */
@Path("/caller")
@RequestScoped
public class CallerResource {

    @Inject
    JsonWebToken jwt;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @PermitAll
    public Response caller() {
        if (jwt.getName() == null) {
            return Response.status(Response.Status.UNAUTHORIZED).build();
        }
        return Response.ok(jwt.getName()).build();
    }
}
