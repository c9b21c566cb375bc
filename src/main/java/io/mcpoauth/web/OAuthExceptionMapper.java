package io.mcpoauth.web;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.RateLimitedException;
import io.mcpoauth.server.AuthorizationRedirectException;
import io.mcpoauth.server.AuthorizationService;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;

/**
 * Writes every OAuth error: redirected to the client when the authorization request's client and redirect
 * URI were valid; an HTML page for the user on the other browser-facing errors; RFC 6749 5.2 JSON otherwise.
 */
@Provider
public class OAuthExceptionMapper implements ExceptionMapper<OAuthException> {

    @Inject
    AuthorizationService authorization;

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(OAuthException e) {
        if (e instanceof AuthorizationRedirectException redirect) {
            return Response.status(Response.Status.FOUND)
                    .location(URI.create(authorization.errorRedirect(redirect)))
                    .header("Cache-Control", "no-store")
                    .build();
        }
        Response response = isBrowserFacing() ? Pages.error(e.error().httpStatus(), e.error().code(), e.description())
                : Responses.error(e.error(), e.description());
        if (e instanceof RateLimitedException limited) {
            return Response.fromResponse(response)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(limited.retryAfterSeconds())).build();
        }
        if (response.getStatus() == 503 && response.getHeaderString(HttpHeaders.RETRY_AFTER) == null) {
            // RFC 9110 15.6.4: a page for the user says when to try again just as the JSON answer does.
            return Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, Responses.RETRY_AFTER_SECONDS)
                    .build();
        }
        return response;
    }

    private boolean isBrowserFacing() {
        String path = uri == null ? "" : uri.getPath();
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.startsWith("authorize") || p.startsWith("login") || p.startsWith("consent");
    }
}
