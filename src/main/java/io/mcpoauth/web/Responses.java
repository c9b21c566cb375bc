package io.mcpoauth.web;

import io.mcpoauth.protocol.Json;
import io.mcpoauth.protocol.OAuthError;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Response building shared by resources and mappers. */
final class Responses {

    /** Seconds a client should wait after a 503 (RFC 9110 10.2.3). */
    static final String RETRY_AFTER_SECONDS = "5";

    private Responses() {
    }

    /**
     * JSON that must not be cached: token responses and errors (RFC 6749 5.1). The body is written here and
     * sent as text, not handed to JSON-B (see {@link Json}).
     */
    static Response.ResponseBuilder noStoreJson(int status, Map<String, ?> body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .entity(Json.object(body));
    }

    /** The members of an RFC 6749 5.2 error body; a missing description is left out, never {@code null}. */
    static Map<String, String> errorBody(String code, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        if (description != null && !description.isEmpty()) {
            body.put("error_description", description);
        }
        return body;
    }

    /** An RFC 6749 5.2 error answer. */
    static Response error(OAuthError error, String description) {
        Response.ResponseBuilder b = noStoreJson(error.httpStatus(), errorBody(error.code(), description));
        if (OAuthError.INVALID_TOKEN.equals(error)) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        } else if (error.httpStatus() == 401) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"mcp-oauth\"");
        }
        if (error.httpStatus() == 503) {
            b.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return b.build();
    }
}
