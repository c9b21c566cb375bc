package io.mcpoauth.web;

import io.mcpoauth.protocol.OAuthError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives the framework's own errors (unknown path, wrong method, wrong media type) the same JSON shape as
 * OAuth errors, keeping their status and the {@code Allow} header of a 405. A body past its cap is 413,
 * whatever a reader wrapped it in.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        if (BodyTooLargeException.isCause(e)) {
            return new UnexpectedExceptionMapper().toResponse(e);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        String code = status == 404 ? Responses.NOT_FOUND.code() : status >= 500 ? "server_error" : "invalid_request";
        String description = switch (status) {
            case 404 -> "no such endpoint";
            case 405 -> "method not allowed";
            case 406 -> "no acceptable representation";
            case 415 -> "unsupported media type; use application/x-www-form-urlencoded";
            default -> status >= 500 ? "internal error" : "bad request";
        };
        Response error = Responses.error(new OAuthError(code, status), description);
        Response.ResponseBuilder b = Response.fromResponse(error);
        Object allow = original.getHeaders().getFirst(HttpHeaders.ALLOW);
        if (allow != null) {
            b.header(HttpHeaders.ALLOW, allow);
        }
        return b.build();
    }
}
