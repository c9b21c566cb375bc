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
    /** A path this server does not serve, or an endpoint its configuration switched off. */
    static final OAuthError NOT_FOUND = OAuthError.NOT_FOUND;

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

    /** A 200 answer of JSON that must not be cached ({@link #noStoreJson}). */
    static Response noStoreOk(Map<String, ?> body) {
        return noStoreJson(200, body).build();
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
        return errorAnswer(error, description).toResponse();
    }

    /**
     * An RFC 6749 5.2 error answer as data: the challenge of a 401 (RFC 6750 3, RFC 7617 2) and the wait of a
     * 503 (RFC 9110 10.2.3) included.
     */
    static Answer errorAnswer(OAuthError error, String description) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        headers.put(HttpHeaders.CACHE_CONTROL, "no-store");
        headers.put("Pragma", "no-cache");
        if (OAuthError.INVALID_TOKEN.equals(error)) {
            headers.put(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        } else if (error.httpStatus() == 401) {
            headers.put(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"mcp-oauth\"");
        }
        if (error.httpStatus() == 503) {
            headers.put(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return new Answer(error.httpStatus(), headers, Json.object(errorBody(error.code(), description)));
    }
}
