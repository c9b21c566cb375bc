package io.mcpoauth.bench.introspecting;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Optional;

/**
 * The caller's name, from the introspection of the bearer token (RFC 6750 2.1); 401 without an active token for
 * this resource. The same answer as the MicroProfile JWT resource server's.
 */
@Path("/caller")
public class CallerResource {

    private static final String BEARER = "Bearer ";

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response caller(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) throws InterruptedException {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Response.status(Response.Status.UNAUTHORIZED).build();
        }
        Optional<String> subject;
        try {
            subject = Introspection.subject(authorization.substring(BEARER.length()).trim());
        } catch (IOException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
        }
        return subject.map(s -> Response.ok(s).build())
                .orElseGet(() -> Response.status(Response.Status.UNAUTHORIZED).build());
    }
}
