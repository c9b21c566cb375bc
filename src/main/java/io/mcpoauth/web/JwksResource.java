package io.mcpoauth.web;

import io.mcpoauth.signing.SigningKeys;
import io.mcpoauth.signing.SigningSettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;

/**
 * The server's public signing keys (RFC 7517 5, the {@code jwks_uri} of RFC 8414 2), for resource servers that
 * verify its JWT access tokens. Cached briefly: a new key is published well ahead of signing (see
 * {@link SigningSettings#JWKS_MAX_AGE}). 404 when the server signs nothing.
 */
@Path("/jwks")
public class JwksResource {

    @Inject
    SigningKeys keys;

    @Inject
    Clock clock;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        Instant now = clock.instant();
        if (keys.published(now).getKeys().isEmpty()) {
            throw new NotFoundException();
        }
        return Response.ok(keys.jwksJson(now))
                .header("Cache-Control", "public, max-age=" + SigningSettings.JWKS_MAX_AGE.toSeconds())
                .build();
    }
}
