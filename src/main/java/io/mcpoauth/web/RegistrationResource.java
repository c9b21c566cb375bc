package io.mcpoauth.web;

import io.mcpoauth.protocol.JsonBounds;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.server.RegistrationService;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Dynamic client registration (RFC 7591 3). The body is read only after the service admitted the caller (the
 * initial access token, the rate limit), at most {@link BodyLimitFilter#REGISTRATION_CAP} bytes of it, and its
 * shape is checked by a streaming parser ({@link JsonBounds}) before JSON-B builds objects from it.
 */
@Path("/register")
public class RegistrationResource {

    private static final Jsonb JSON = JsonbBuilder.create();
    private static final int MAX_BODY = (int) BodyLimitFilter.REGISTRATION_CAP;

    @Inject
    RegistrationService registration;

    @Context
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Map<String, Object> registered = registration.register(Requests.bearer(authorization),
                Requests.context(request), () -> parse(read(body)));
        return Responses.noStoreJson(201, registered).build();
    }

    /** The body as UTF-8 (RFC 8259 8.1), refused past the cap even if the filter in front did not catch it. */
    private static String read(InputStream body) {
        try {
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new OAuthException(UnexpectedExceptionMapper.TOO_LARGE, ServletErrors.description(413));
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a BodyTooLargeException inside is answered 413
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String body) {
        if (body.isBlank()) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA, "a JSON object of client metadata is required");
        }
        JsonBounds.check(body, OAuthError.INVALID_CLIENT_METADATA);
        try {
            Object parsed = JSON.fromJson(body, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JsonbException e) {
            // answered below
        }
        throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA, "the body is not a JSON object");
    }
}
