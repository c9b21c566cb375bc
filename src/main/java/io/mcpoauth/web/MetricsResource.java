package io.mcpoauth.web;

import io.mcpoauth.metrics.OperatorMetrics;
import io.mcpoauth.server.MetricsService;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The operator metrics in the Prometheus text format (OpenMetrics when asked for), with the admin token or
 * {@code mcp.oauth.metrics.token}; absent (404) when neither is configured. Under the application's path, so it
 * never collides with a server's own {@code /metrics} (Payara Micro serves one at its root).
 */
@Path("/admin/metrics")
public class MetricsResource {

    @Inject
    MetricsService metrics;

    @Context
    HttpServletRequest request;

    @GET
    public Response scrape(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        OperatorMetrics.Exposition e = metrics.scrape(Requests.bearer(authorization), accept,
                Requests.context(request));
        return Response.ok(e.body()).type(e.contentType()).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
