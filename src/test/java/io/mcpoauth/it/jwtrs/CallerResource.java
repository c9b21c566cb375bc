package io.mcpoauth.it.jwtrs;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who called, as MicroProfile JWT read it from the bearer token. Payara refuses security constraints in web.xml
 * beside {@code @LoginConfig}: {@code /caller} admits any caller with a valid token by checking the injected token
 * itself, {@code /members} the callers in a role.
 */
@Path("/")
@RequestScoped
public class CallerResource {

    @Inject
    JsonWebToken jwt;

    /** The caller's name, client and groups ({@code name client_id group,group}); 401 without a valid token. */
    @GET
    @Path("caller")
    @Produces(MediaType.TEXT_PLAIN)
    @PermitAll
    public Response caller() {
        if (jwt.getName() == null) {
            return Response.status(Response.Status.UNAUTHORIZED).build();
        }
        Set<String> groups = jwt.getGroups() == null ? Set.of() : new TreeSet<>(jwt.getGroups());
        return Response.ok(jwt.getName() + " " + jwt.getClaim("client_id") + " " + String.join(",", groups))
                .build();
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
