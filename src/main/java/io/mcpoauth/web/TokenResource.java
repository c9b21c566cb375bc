package io.mcpoauth.web;

import io.mcpoauth.server.TokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The token endpoint (RFC 6749 3.2): POST with form encoding only.
 * One instance serves every request: building and injecting a resource per request was a tenth of an
 * introspection's time under load. The servlet request is CDI's built-in request-scoped bean (a proxy to the
 * current request), which costs a fraction of JAX-RS's {@code @Context} parameter lookup.
 */
@ApplicationScoped
@Path("/token")
public class TokenResource {

    @Inject
    TokenService tokens;

    @Inject
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(MultivaluedMap<String, String> form,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return Responses.noStoreOk(tokens.token(form, authorization, Requests.context(request)).toJson());
    }
}
