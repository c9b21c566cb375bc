package io.mcpoauth.web;

import io.mcpoauth.metrics.OperatorMetrics;
import io.mcpoauth.server.IntrospectionService;
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
import java.util.Map;

/**
 * Token introspection (RFC 7662 2) for resource servers.
 * One instance serves every request: building and injecting a resource per request was a tenth of an
 * introspection's time under load. The servlet request is CDI's built-in request-scoped bean (a proxy to the
 * current request), which costs a fraction of JAX-RS's {@code @Context} parameter lookup.
 */
@ApplicationScoped
@Path("/introspect")
public class IntrospectionResource {

    @Inject
    IntrospectionService introspection;

    @Inject
    HttpServletRequest request;

    @Inject
    OperatorMetrics metrics;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response introspect(MultivaluedMap<String, String> form,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Map<String, Object> answer;
        try {
            answer = introspection.introspect(form, authorization, Requests.context(request));
        } catch (RuntimeException e) {
            metrics.introspection("rejected");
            throw e;
        }
        // Counted here: a successful introspection writes no audit line (one per resource-server request).
        metrics.introspection(Boolean.TRUE.equals(answer.get("active")) ? "active" : "inactive");
        return Responses.noStoreOk(answer);
    }
}
