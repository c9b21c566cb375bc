package io.mcpoauth.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * Lets MCP clients that run in a browser (such as an inspector page) use discovery, registration and the
 * token, revocation and introspection endpoints. No cookies are involved anywhere there, so any origin is
 * allowed without credentials. {@code /authorize} and {@code /login} are navigations and get no CORS headers.
 */
@Provider
public class CorsFilter implements ContainerResponseFilter {

    private static final Set<String> PATHS = Set.of(".well-known/oauth-authorization-server", "token", "register",
            "revoke", "introspect", "jwks");

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!PATHS.contains(path.startsWith("/") ? path.substring(1) : path)) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Access-Control-Allow-Origin", "*");
        if ("OPTIONS".equals(request.getMethod())) {
            headers.putSingle("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            headers.putSingle("Access-Control-Allow-Headers", "Authorization, Content-Type, MCP-Protocol-Version");
            headers.putSingle("Access-Control-Max-Age", "86400");
        }
    }
}
