package io.mcpoauth.web;

import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.server.OAuthProvider;
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
import java.util.Map;

/** Dynamic client registration (RFC 7591 3). */
@Path("/register")
public class RegistrationResource {

    private static final Jsonb JSON = JsonbBuilder.create();
    private static final int MAX_BODY = 16 * 1024;

    @Inject
    OAuthProvider provider;

    @Context
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(String body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Map<String, Object> registered = provider.register(parse(body), Requests.bearer(authorization), Requests.context(request));
        return Responses.noStoreJson(201, registered).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String body) {
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA, "a JSON object of client metadata is required");
        }
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
