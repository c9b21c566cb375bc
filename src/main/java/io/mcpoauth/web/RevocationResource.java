package io.mcpoauth.web;

import io.mcpoauth.server.RevocationService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * Token revocation (RFC 7009 2): 200 with an empty body, whether or not the token was known.
 * One instance serves every request: building and injecting a resource per request was a tenth of an
 * introspection's time under load. The servlet request is CDI's built-in request-scoped bean (a proxy to the
 * current request), which costs a fraction of JAX-RS's {@code @Context} parameter lookup.
 */
@ApplicationScoped
@Path("/revoke")
public class RevocationResource {

    @Inject
    RevocationService revocation;

    @Inject
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(MultivaluedMap<String, String> form,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        revocation.revoke(form, authorization, Requests.context(request));
        return Response.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
