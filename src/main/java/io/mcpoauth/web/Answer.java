package io.mcpoauth.web;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A response as plain data: status, headers and body (null for none). What an error is answered with is decided
 * as an answer, which a test reads without a JAX-RS runtime, and sent by {@link #toResponse()}.
 */
record Answer(int status, Map<String, String> headers, String body) {

    Answer {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
    }

    /** This answer with one header set (replacing a value it had). */
    Answer with(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Answer(status, h, body);
    }

    /** The header's value, or null. */
    String header(String name) {
        return headers.get(name);
    }

    Response toResponse() {
        Response.ResponseBuilder b = Response.status(status);
        headers.forEach((name, value) -> {
            if (HttpHeaders.CONTENT_TYPE.equals(name)) {
                b.type(value);
            } else if (HttpHeaders.LOCATION.equals(name)) {
                b.location(URI.create(value));
            } else {
                b.header(name, value);
            }
        });
        return body == null ? b.build() : b.entity(body).build();
    }
}
