package io.mcpoauth.it.jwtrs;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who called, as MicroProfile JWT read it from the bearer token; every path needs a valid one (web.xml). */
@Path("/")
@RequestScoped
public class CallerResource {

    @Inject
    JsonWebToken jwt;

    /** The caller's name, client and groups: {@code name client_id group,group}. */
    @GET
    @Path("caller")
    @Produces(MediaType.TEXT_PLAIN)
    public String caller() {
        return jwt.getName() + " " + jwt.getClaim("client_id") + " " + String.join(",", jwt.getGroups());
    }

    /** Only for members of the group {@code mcp-users}: the token's {@code groups} are the caller's roles. */
    @GET
    @Path("members")
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed("mcp-users")
    public String members() {
        return "member " + jwt.getName();
    }
}
