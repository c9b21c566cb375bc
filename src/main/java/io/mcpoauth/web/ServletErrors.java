package io.mcpoauth.web;

import io.mcpoauth.protocol.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * RFC 6749 5.2 error bodies written with the servlet API, for answers given outside JAX-RS (the body cap
 * filter, the container's error pages); the same shape and headers as {@link Responses#error}.
 */
final class ServletErrors {

    private ServletErrors() {
    }

    /** The error code a status stands for when nothing more precise is known. */
    static String code(int status) {
        if (status == 404) {
            return Responses.NOT_FOUND.code();
        }
        if (status == 503) {
            return "temporarily_unavailable";
        }
        return status >= 500 ? "server_error" : "invalid_request";
    }

    /** A fixed description per status: never the container's message, which may name a class or echo input. */
    static String description(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 403 -> "forbidden";
            case 404 -> "no such endpoint";
            case 405 -> "method not allowed";
            case 408 -> "request timeout";
            case 411 -> "a Content-Length is required";
            case 413 -> "request body too large";
            case 414 -> "request URI too long";
            case 415 -> "unsupported media type";
            case 431 -> "request headers too large";
            case 503 -> "temporarily unavailable";
            default -> status >= 500 ? "internal error" : "bad request";
        };
    }

    static void write(HttpServletResponse response, int status, String code, String description) throws IOException {
        byte[] bytes = Json.object(Responses.errorBody(code, description)).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        if (status == 503) {
            response.setHeader("Retry-After", Responses.RETRY_AFTER_SECONDS);
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
