package io.mcpoauth.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers 404 for the server runtime's own description and metrics endpoints, whatever the method, when they
 * land in this application: Payara adds its MicroProfile OpenAPI and Metrics endpoints to the module at the
 * context root, where, on the public port and without authentication, {@code /openapi} lists every endpoint
 * (the administration ones included) and an {@code OPTIONS} request is answered with a generated description
 * naming the implementation. {@code server-config/payara-micro/hardening.asadmin} turns them off in the
 * runtime; this keeps them closed when a deployment forgets it.
 */
@WebFilter(filterName = "mcp-oauth-runtime-endpoints", asyncSupported = true,
        urlPatterns = {"/openapi", "/openapi/*", "/metrics", "/metrics/*"})
public class RuntimeEndpointsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ServletErrors.write(response, 404, ServletErrors.code(404), ServletErrors.description(404));
    }
}
